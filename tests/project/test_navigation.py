"""The navigation offers exactly what the role can open.

Each entry of the frame (``wangge.base.context.NAV``, and the appraisal tabs ``TABS``)
names the check its view makes. On the demo city, every demo log-in follows every
link its navigation shows and gets a 200; and every entry it is *not* shown is a page
it may not open (no 200): no link to a 403, no page hidden that one could open.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

from tests.conftest import log_in
from tests.project.test_pages_in_chinese import demo_city  # noqa: F401  (the fixture)
from wangge.base.context import NAV, TABS


class NavLinks(HTMLParser):
    """The hrefs inside <nav> and the area tabs (<div class="tabs">)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._depth = 0  # inside a nav or tabs element
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("nav", "div"):
            inside = tag == "nav" or "tabs" in (a.get("class") or "").split()
            self._stack.append(inside)
            self._depth += inside
        if tag == "a" and self._depth and a.get("href"):
            self.links.append(a["href"].split("?")[0])

    def handle_endtag(self, tag):
        if tag in ("nav", "div") and self._stack:
            self._depth -= self._stack.pop()


def nav_links(html: str) -> list[str]:
    parser = NavLinks()
    parser.feed(html)
    return parser.links


def test_every_demo_role_follows_every_nav_link_to_a_page_it_may_open(client, demo_city):  # noqa: F811
    from django.contrib.auth import get_user_model

    client.raise_request_exception = False
    followed: dict[str, list[str]] = {}
    for username in demo_city["logins"]:
        client.logout()
        assert log_in(client, username, demo_city["password"])
        user = get_user_model().objects.get(username=username)
        shown = set(nav_links(client.get("/").content.decode()))
        shown |= set(nav_links(client.get("/appraisal/").content.decode()))
        assert shown, username
        for href in sorted(shown):
            status = client.get(href).status_code
            assert status == 200, f"{username}: the menu offers {href}, which answers {status}"
        # and what is not offered is not open to the role either
        for entry in [*NAV, *TABS]:
            url = reverse(entry.name)
            if url in shown:
                assert entry.may_open(user), (username, url)
                continue
            assert not entry.may_open(user), f"{username}: {url} may be opened but is not shown"
            status = client.get(url).status_code
            assert status != 200, f"{username}: {url} is hidden from the menu but answers 200"
        followed[username] = sorted(shown)
    # the roles really differ: the front line has no API docs, a grid manager no what-if
    by_size = sorted(followed.values(), key=len)
    assert len(by_size[0]) < len(by_size[-1]), followed
    assert any(reverse("appraisal:whatif") not in links for links in followed.values())
    assert any(reverse("api-docs") not in links for links in followed.values())


def test_a_grid_manager_gets_no_what_if_tab_and_the_front_line_no_api_docs(city, login):
    gm = login("gm_x")
    appraisal = gm.get("/appraisal/").content.decode()
    assert 'href="/appraisal/targets/"' in appraisal
    assert "/appraisal/whatif/" not in appraisal
    assert gm.get("/appraisal/whatif/").status_code == 403
    director = login("director").get("/appraisal/").content.decode()
    assert 'href="/appraisal/whatif/' in director


def test_the_front_line_sees_no_api_docs_entry(city, client, django_user_model, password):
    from wangge.org.models import Person
    from wangge.org.roles import grant_role

    user = django_user_model.objects.create_user("seller", password=password)
    grant_role(user, "frontline")
    Person.objects.create(
        staff_no="S099", name="钱销售", post="frontline", role="frontline", user=user
    )
    assert log_in(client, "seller", password)
    client.raise_request_exception = False
    html = client.get("/").content.decode()
    assert 'href="/api/docs/"' not in html and 'href="/customers/"' in html
    assert client.get("/api/docs/").status_code == 403


def test_back_office_cannot_open_the_customer_pages_it_is_not_offered(
    city, client, django_user_model, password
):
    """Attack: the entry is hidden, and typing the address is refused too."""
    from wangge.org.models import Person
    from wangge.org.roles import grant_role

    user = django_user_model.objects.create_user("clerk", password=password)
    grant_role(user, "back_office")
    Person.objects.create(
        staff_no="S007", name="孙支撑", post="back_office", role="back_office", user=user
    )
    assert log_in(client, "clerk", password)
    client.raise_request_exception = False
    zhang = city["customers"]["zhang"]
    for url in ["/customers/", f"/customers/{zhang.pk}/", "/customers/export/"]:
        response = client.get(url)
        assert response.status_code == 403 and "您无权打开此页面" in response.content.decode()
    assert client.post("/customers/export/").status_code == 403
