"""The people concerned hear of what awaits them: a distribution to approve goes to
the marketing department, its approval or return goes back to the director who
drafted it, a published month to everyone, a finished job to whoever started it.
A notice is its recipient's alone; opening it (a POST) marks it read."""

from __future__ import annotations

from datetime import date

import pytest

from wangge.notices.models import Notice

OCT = date(2026, 10, 1)


@pytest.fixture
def submitted(pay_city):
    from wangge.pay.pools import compute_pools
    from wangge.pay.workflow import start_draft, submit

    compute_pools(OCT)
    people = pay_city["people"]
    draft = start_draft(people["director"].user, pay_city["units"]["lixia"], OCT)
    reason = "完成移动新增"
    split = {people[k].pk: (228_000, reason) for k in ("gm_x", "cm_x", "gm_y")}
    return submit(people["director"].user, draft, split)


def _texts(client) -> str:
    return client.get("/notices/").content.decode()


def test_a_submitted_distribution_reaches_the_marketing_department_only(submitted, login):
    notice = Notice.objects.get()
    assert notice.recipient.username == "marketing" and notice.kind == "distribution_submitted"
    page = _texts(login("marketing"))
    assert "历下中心 提交了 2026-10 的二次分配（第 1 版）" in page
    assert "未读" in page
    assert 'class="badge">1<' in login("marketing").get("/").content.decode()  # the bell


def test_approval_and_return_go_back_to_the_director_who_drafted(submitted, pay_city, login):
    from wangge.pay.workflow import decide

    decide(pay_city["people"]["marketing"].user, submitted, False, "李社区的理由写得太笼统")
    returned = Notice.objects.get(recipient__username="director")
    assert returned.kind == "distribution_returned"
    page = _texts(login("director"))
    assert "历下中心 2026-10 的二次分配被退回：李社区的理由写得太笼统" in page


def test_opening_a_notice_marks_it_read_and_leads_to_its_page(submitted, login):
    notice = Notice.objects.get()
    client = login("marketing")
    assert client.get(f"/notices/{notice.pk}/open/").status_code == 405  # GET never writes
    response = client.post(f"/notices/{notice.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/pay/distributions/{submitted.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "未读" not in _texts(client)


def test_nobody_reads_or_opens_another_persons_notice(submitted, login):
    notice = Notice.objects.get()
    for who in ("director", "auditor", "gm_x"):
        client = login(who)
        assert client.post(f"/notices/{notice.pk}/open/").status_code == 404, who
        assert client.get(f"/api/notices/{notice.pk}/").status_code == 404, who
        assert client.post(f"/api/notices/{notice.pk}/read/").status_code == 404, who
        assert client.get("/api/notices/").json()["count"] == 0, who
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_never_redirects_off_the_site(city, login):
    from wangge.notices.services import notify

    user = city["people"]["gm_x"].user
    (notice,) = notify([user], "job_done", {"title": "x"}, url="https://evil.example/")
    response = login("gm_x").post(f"/notices/{notice.pk}/open/")
    assert response["Location"] == "/notices/"


def test_a_published_month_tells_every_person_with_a_log_in(pay_city):
    from wangge.appraisal.close import publish_month
    from wangge.appraisal.models import AppraisalRun

    AppraisalRun.objects.create(month=date(2026, 11, 1), version=1)
    publish_month(date(2026, 11, 1))
    told = set(Notice.objects.values_list("recipient__username", flat=True))
    assert told == {"gm_x", "cm_x", "gm_y", "director", "marketing", "auditor"}
    assert set(Notice.objects.values_list("kind", flat=True)) == {"month_published"}


def test_a_refused_action_tells_nobody(submitted, pay_city):
    from wangge.pay.refusals import PayRefused
    from wangge.pay.workflow import decide

    Notice.objects.all().delete()
    with pytest.raises(PayRefused):
        decide(pay_city["people"]["marketing"].user, submitted, False, "")  # a return needs why
    assert not Notice.objects.exists()


def test_a_finished_export_tells_its_starter(city, login):
    client = login("director")
    client.post("/customers/export/")
    notice = Notice.objects.get()
    assert notice.recipient.username == "director" and notice.kind == "job_done"
    assert "已完成：客户清单（Excel）" in _texts(client)


def test_notices_go_by_mail_after_the_commit_when_configured(
    city, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from wangge.notices.services import notify

    settings.WANGGE_NOTICE_MAIL = True
    settings.WANGGE_BASE_URL = "https://wangge.example.com"
    user = city["people"]["gm_x"].user
    user.email = "wang@example.com"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [user, city["people"]["gm_y"].user], "job_done", {"title": "目标导出"}, url="/jobs/7/"
        )
        assert mailoutbox == []  # nothing leaves before the commit
    (mail,) = mailoutbox  # 赵网格 has no address
    assert mail.to == ["wang@example.com"] and mail.subject == "已完成：目标导出"
    assert "https://wangge.example.com/jobs/7/" in mail.body
