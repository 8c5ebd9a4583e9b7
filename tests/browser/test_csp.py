"""The pages satisfy their Content-Security-Policy: no inline script, nothing from outside.

Every browser test fails on a reported violation (tests/browser/conftest.py); this one
walks the main pages of the shell, and first shows that a violation would be seen.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    "/",
    "/map/",
    "/customers/",
    "/appraisal/",
    "/appraisal/whatif/",
    "/pay/",
    "/audit/",
    "/api/docs/",
]


def test_an_inline_script_would_be_refused_and_reported(live_server, page):
    page.route(
        f"{live_server.url}/probe/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<html><body><script>document.title = 'ran'</script></body></html>",
        ),
    )
    page.goto(f"{live_server.url}/probe/")
    page.wait_for_timeout(300)
    assert page.title() != "ran"
    assert page.csp_violations
    page.csp_violations.clear()


def test_the_main_pages_report_no_policy_violation(city, log_in, live_server, password):
    page = log_in("marketing", password)
    for url in MAIN_PAGES:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        policy = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        )
        page.wait_for_load_state("networkidle")
    assert page.csp_violations == []


def test_the_admin_pages_report_no_policy_violation(city, log_in, live_server, password):
    """Django's admin, simple-history's pages and the autocomplete widgets load their
    scripts from our static files, so the admin works under the same policy."""
    customer = city["customers"]["zhang"]
    customer.phone = "13700002222"
    customer.save()
    page = log_in("marketing", password)
    for url in [
        "/admin/",
        "/admin/customers/customer/",
        f"/admin/customers/customer/{customer.pk}/change/",
        f"/admin/customers/customer/{customer.pk}/history/",
        "/admin/org/unitlink/add/",
        "/admin/org/person/?q=王",
    ]:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
    # the grid autocomplete of the inline runs: its script was allowed to load and work
    page.goto(f"{live_server.url}/admin/customers/customer/{customer.pk}/change/")
    page.click(".select2-selection")
    page.wait_for_selector(".select2-results__option")
    assert page.csp_violations == []
