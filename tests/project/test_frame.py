"""The shared frame every page gets: the phone menu, error pages in Chinese with a way
back, Chinese whatever the browser asks with a person's own choice kept, and a
question before irreversible or heavy actions."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client, RequestFactory

from tests.conftest import log_in

# --- the frame -------------------------------------------------------------------------


def test_the_menu_button_controls_the_drawer_holding_the_navigation(city, login):
    html = login("gm_x").get("/").content.decode()
    assert '<button type="button" class="menu" id="menu-button" aria-expanded="false"' in html
    assert 'aria-controls="drawer" aria-label="菜单"' in html
    drawer = html[html.index('id="drawer"') :]
    assert drawer.index("<nav") < drawer.index('href="/customers/"') < drawer.index("退出")


def test_the_login_page_has_no_menu_and_keeps_the_language_switch(db, client):
    html = client.get("/login/").content.decode()
    assert 'id="menu-button"' not in html and 'name="language" value="en"' in html


# --- error pages -----------------------------------------------------------------------


def test_a_page_the_role_may_not_open_is_a_chinese_403_with_the_frame(city, login):
    response = login("gm_x").get("/audit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "您无权打开此页面" in html and "返回首页" in html and 'href="/"' in html
    assert 'id="menu-button"' in html  # the frame, with the navigation the role has


def test_an_unknown_page_is_a_chinese_404_with_a_way_home(city, login):
    response = login("gm_x").get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "返回首页" in html


def test_a_404_for_someone_not_signed_in_offers_the_log_in(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert (
        "页面不存在" in response.content.decode() and "/login/?next=" in response.content.decode()
    )


def test_the_api_keeps_json_for_its_404_and_403(city, login):
    from wangge.project.views import permission_denied

    missing = login("gm_x").get("/api/no-such/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"

    refused = permission_denied(RequestFactory().get("/api/pay/"))
    assert refused.status_code == 403 and refused["Content-Type"] == "application/json"


def test_the_500_page_is_chinese_and_renders_without_a_database():
    """No ``db`` fixture: pytest-django refuses any query, so the page must render from
    its template alone (no session, no user, no context processors)."""
    from wangge.project.urls import handler500
    from wangge.project.views import server_error

    assert handler500 is server_error
    response = server_error(RequestFactory().get("/pay/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出了点问题" in html and 'href="/"' in html and "返回首页" in html
    assert "<script" not in html and "/static/" not in html


def test_a_view_that_breaks_answers_the_branded_500(city, client, monkeypatch):
    import wangge.project.views as views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "key_figures", broken)
    assert log_in(client, "gm_x")
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500 and "系统出了点问题" in response.content.decode()


def test_a_refused_csrf_check_is_a_chinese_403_page(city):
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "gm_x")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "表单已过期" in html and "没有保存任何内容" in html and "返回首页" in html


# --- language --------------------------------------------------------------------------


def test_a_browser_asking_for_english_still_gets_chinese(city, client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录" in page and 'lang="zh-hans"' in page
    assert log_in(client, "gm_x")
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "网格营销管理" in home and "Grid marketing management" not in home


def test_english_chosen_once_is_kept_on_the_profile_for_a_new_session(city):
    from wangge.org.models import Preference

    first = Client()
    assert log_in(first, "gm_x")
    first.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user = city["people"]["gm_x"].user
    assert Preference.objects.get(user=user).language == "en"

    later = Client()  # another browser: no cookie, no session
    assert log_in(later, "gm_x")
    assert "Grid marketing management" in later.get("/").content.decode()
    # and back to Chinese the same way
    later.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    again = Client()
    assert log_in(again, "gm_x")
    assert "网格营销管理" in again.get("/").content.decode()


def test_one_persons_english_does_not_reach_another(city):
    me, other = Client(), Client()
    assert log_in(me, "gm_x") and log_in(other, "gm_y")
    me.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "网格营销管理" in other.get("/").content.decode()


def test_an_unknown_language_is_not_stored(city, login):
    from wangge.org.models import Preference

    client = login("gm_x")
    client.post("/i18n/setlang/", {"language": "klingon", "next": "/"})
    assert not Preference.objects.exists()
    assert "网格营销管理" in client.get("/").content.decode()


def test_the_language_switch_needs_a_post(city, login):
    assert login("gm_x").get("/i18n/setlang/?language=en").status_code == 405


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/"])
def test_the_language_switch_does_not_send_people_elsewhere(city, login, next_url):
    response = login("gm_x").post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert "evil.example" not in response.headers.get("Location", "")


# --- confirmations ---------------------------------------------------------------------


def test_close_publish_approve_and_correct_ask_first(pay_city, login):
    """The marketing department's close and publish, the approval of a distribution and
    a correction that opens a new draft carry their question (``data-confirm``, asked by
    shell.js before the form is sent)."""
    from tests.conftest import OCT, publish
    from wangge.pay.pools import compute_pools
    from wangge.pay.workflow import decide, start_draft, submit

    u, p = pay_city["units"], pay_city["people"]
    client = login("marketing")
    home = client.get("/appraisal/").content.decode()
    assert 'data-confirm="现在进行月末结算？' in home
    draft = publish(date(2026, 9, 1), {u["lixia"]: 90}, {}, publish=False)
    assert (
        'data-confirm="发布此版本？' in client.get(f"/appraisal/run/{draft.pk}/").content.decode()
    )

    compute_pools(OCT)
    dist = start_draft(p["director"].user, u["lixia"], OCT)
    submit(p["director"].user, dist)
    page = client.get(f"/pay/distributions/{dist.pk}/").content.decode()
    assert 'value="approve" class="primary" data-confirm="批准此分配方案？' in page
    decide(p["marketing"].user, dist, approve=True)

    director = login("director").get(f"/pay/?month={OCT:%Y-%m}").content.decode()
    assert "开始更正（新建草稿版本）" in director and 'data-confirm="开始更正？' in director
