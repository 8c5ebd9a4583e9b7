"""A heavy or irreversible action asks first (``data-confirm``, shell.js): saying no
sends nothing; saying yes sends the form."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_closing_the_month_asks_and_a_no_sends_nothing(city, log_in, live_server, password):
    from wangge.jobs.models import Job

    page = log_in("marketing", password)
    page.goto(f"{live_server.url}/appraisal/")
    page.fill("form[data-confirm] input[name=month]", "2026-10")
    asked: list[str] = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("form[data-confirm] button[type=submit]")
    page.wait_for_timeout(500)
    assert asked and asked[0].startswith("现在进行月末结算？")
    assert page.url == f"{live_server.url}/appraisal/"
    assert not Job.objects.filter(kind="appraisal_close").exists()

    page.once("dialog", lambda d: d.accept())
    page.click("form[data-confirm] button[type=submit]")
    page.wait_for_url(f"{live_server.url}/jobs/**")
    assert Job.objects.filter(kind="appraisal_close").count() == 1
