"""Work orders: a grid manager assigns, the assignee accepts, works and finishes or
returns with a reason; complaints past their deadline escalate to the center director."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wangge.work.models import WorkOrder
from wangge.work.orders import create_order, escalate, move_order
from wangge.work.refusals import WorkRefused


def test_a_grid_manager_assigns_an_order_to_a_seller_of_the_grid(work_city):
    p, u = work_city["people"], work_city["units"]
    order = create_order(
        p["gm_x"].user, unit=u["x"], assignee=p["cm_x"], kind="other", title=" 走访新开商铺 "
    )
    assert (order.status, order.title, order.created_by) == (
        "assigned",
        "走访新开商铺",
        p["gm_x"].user,
    )
    assert order.history.count() == 1


def test_assigning_outside_ones_scope_or_to_someone_not_in_the_grid_is_refused(work_city):
    p, u = work_city["people"], work_city["units"]
    before = WorkOrder.objects.count()
    with pytest.raises(WorkRefused, match="网格Z") as exc:
        create_order(p["gm_x"].user, unit=u["z"], assignee=p["cm_x"], kind="other", title="t")
    assert exc.value.field == "unit"
    with pytest.raises(WorkRefused, match="赵网格") as exc:
        create_order(p["gm_x"].user, unit=u["x"], assignee=p["gm_y"], kind="other", title="t")
    assert exc.value.field == "assignee"
    with pytest.raises(WorkRefused, match=r"李社区.*网格Y"):
        create_order(p["director"].user, unit=u["y"], assignee=p["cm_x"], kind="other", title="t")
    with pytest.raises(WorkRefused) as exc:
        create_order(
            p["gm_x"].user,
            unit=u["x"],
            assignee=p["cm_x"],
            kind="other",
            title="t",
            customer=work_city["customers"]["li"],
        )
    assert exc.value.field == "customer" and "李四" not in exc.value.message  # not named
    with pytest.raises(WorkRefused, match=r"李四.*网格X"):
        create_order(
            p["director"].user,
            unit=u["x"],
            assignee=p["cm_x"],
            kind="other",
            title="t",
            customer=work_city["customers"]["li"],
        )
    with pytest.raises(WorkRefused) as exc:
        create_order(p["cm_x"].user, unit=u["x"], assignee=p["cm_x"], kind="other", title="t")
    assert WorkOrder.objects.count() == before


def test_a_complaint_needs_a_resolution_deadline(work_city):
    p, u = work_city["people"], work_city["units"]
    with pytest.raises(WorkRefused) as exc:
        create_order(p["gm_x"].user, unit=u["x"], assignee=p["cm_x"], kind="complaint", title="t")
    assert exc.value.field == "deadline_at"


def test_the_assignee_accepts_works_and_finishes_with_each_time_kept(work_city):
    order, me = work_city["orders"]["complaint_x"], work_city["people"]["cm_x"].user
    order = move_order(me, order, "accepted")
    order = move_order(me, order, "in_progress")
    order = move_order(me, order, "done")
    assert order.status == "done"
    assert order.accepted_at <= order.started_at <= order.closed_at
    statuses = list(order.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["assigned", "accepted", "in_progress", "done"]
    assert not order.overdue


def test_returning_without_a_reason_is_refused_and_nothing_is_written(work_city):
    order, me = work_city["orders"]["complaint_x"], work_city["people"]["cm_x"].user
    with pytest.raises(WorkRefused, match=r"reason|原因") as exc:
        move_order(me, order, "returned", "  ")
    assert exc.value.field == "reason"
    order.refresh_from_db()
    assert order.status == "assigned" and order.history.count() == 1
    order = move_order(me, order, "returned", "客户已搬离本小区")
    assert (order.status, order.return_reason) == ("returned", "客户已搬离本小区")


def test_finishing_what_was_not_accepted_is_refused_by_name(work_city):
    order, me = work_city["orders"]["complaint_x"], work_city["people"]["cm_x"].user
    with pytest.raises(WorkRefused) as exc:
        move_order(me, order, "done")
    assert exc.value.field == "status"


def test_only_the_assignee_or_a_manager_moves_an_order(work_city):
    order = work_city["orders"]["complaint_x"]
    p = work_city["people"]
    from wangge.org.models import Assignment, Person

    other = Person.objects.create(
        staff_no="S010", name="孙客户", post="customer_manager", role="frontline"
    )
    Assignment.objects.create(
        person=other,
        unit=work_city["units"]["x"],
        post="customer_manager",
        valid_from=order.created_at.date(),
    )
    from django.contrib.auth import get_user_model

    other.user = get_user_model().objects.create_user("cm2", password="x")
    other.save()
    with pytest.raises(WorkRefused):
        move_order(other.user, order, "accepted")
    assert move_order(p["gm_x"].user, order, "accepted").status == "accepted"


def test_the_overdue_flag_follows_the_due_time(work_city):
    assert work_city["orders"]["late_x"].overdue
    assert not work_city["orders"]["complaint_x"].overdue


def test_a_complaint_past_its_deadline_escalates_once_to_the_center_director(work_city):
    p = work_city["people"]
    order = work_city["orders"]["complaint_x"]
    WorkOrder.objects.filter(pk=order.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    done = escalate()
    assert [(e.order.pk, e.director) for e in done] == [(order.pk, p["director"])]
    order.refresh_from_db()
    assert order.escalated_to == p["director"] and order.escalated_at is not None
    first = order.escalated_at
    assert escalate() == []  # idempotent
    order.refresh_from_db()
    assert order.escalated_at == first


def test_a_resolved_complaint_or_a_grid_without_a_director_is_not_escalated(work_city):
    from wangge.org.models import Person

    u = work_city["units"]
    late = timezone.now() - timedelta(hours=1)
    nobody = Person.objects.create(
        staff_no="S020", name="钱社区", post="community_manager", role="frontline"
    )
    from wangge.org.models import Assignment

    Assignment.objects.create(
        person=nobody, unit=u["z"], post="community_manager", valid_from=late.date()
    )
    z = WorkOrder.objects.create(
        kind="complaint", title="z", unit=u["z"], assignee=nobody, deadline_at=late
    )
    WorkOrder.objects.filter(pk=work_city["orders"]["complaint_x"].pk).update(
        deadline_at=late, status="done"
    )
    done = escalate()
    assert [(e.order.pk, e.director) for e in done] == [(z.pk, None)]
    z.refresh_from_db()
    assert z.escalated_at is None  # tried again on the next run


def test_the_command_escalates_and_says_to_whom(work_city, capsys):
    order = work_city["orders"]["complaint_x"]
    WorkOrder.objects.filter(pk=order.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    call_command("work", "escalate")
    out = capsys.readouterr().out
    assert f"#{order.pk}" in out and "S004" in out
    call_command("work", "escalate", "--json")
    assert capsys.readouterr().out.strip() == "[]"


# --- pages and API -----------------------------------------------------------------


def test_my_work_orders_page_shows_mine_with_the_overdue_one_marked(work_city, login):
    page = login("cm_x").get("/work/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "宽带频繁掉线投诉" in html and "阳光小区扫楼回访" in html
    assert "合约到期客户续约" not in html
    assert 'class="overdue"' in html


def test_the_assignee_moves_an_order_from_its_page(work_city, login):
    order = work_city["orders"]["complaint_x"]
    client = login("cm_x")
    assert client.get(f"/work/orders/{order.pk}/").status_code == 200
    response = client.post(f"/work/orders/{order.pk}/move/", {"status": "accepted"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "accepted"
    page = client.post(f"/work/orders/{order.pk}/move/", {"status": "returned"}, follow=True)
    assert page.status_code == 200
    order.refresh_from_db()
    assert order.status == "accepted"
    assert any("reason" in str(m) or "原因" in str(m) for m in page.context["messages"])


def test_a_manager_assigns_from_the_form_and_bad_input_is_named(work_city, login):
    p, u = work_city["people"], work_city["units"]
    client = login("gm_x")
    assert client.get("/work/orders/new/").status_code == 200
    page = client.post(
        "/work/orders/new/",
        {
            "kind": "complaint",
            "title": "投诉",
            "unit": u["x"].pk,
            "assignee": p["cm_x"].pk,
            "due_at": "tomorrow",
        },
    )
    assert page.status_code == 200
    assert "due_at" in page.context["form"].errors
    assert "deadline_at" not in page.context["form"].errors
    page = client.post(
        "/work/orders/new/",
        {"kind": "complaint", "title": "投诉", "unit": u["x"].pk, "assignee": p["cm_x"].pk},
    )
    assert "deadline_at" in page.context["form"].errors
    response = client.post(
        "/work/orders/new/",
        {
            "kind": "complaint",
            "title": "网速慢投诉",
            "unit": u["x"].pk,
            "assignee": p["cm_x"].pk,
            "deadline_at": "2026-12-31 18:00",
        },
    )
    assert response.status_code == 302
    assert WorkOrder.objects.filter(title="网速慢投诉", assignee=p["cm_x"]).exists()


def test_a_seller_may_not_open_the_assign_form(work_city, login):
    assert login("cm_x").get("/work/orders/new/").status_code == 403


def test_the_api_lists_filters_creates_and_moves(work_city, login):
    p, u = work_city["people"], work_city["units"]
    client = login("gm_x")
    rows = client.get("/api/work/orders/").json()["results"]
    assert {r["title"] for r in rows} == {"宽带频繁掉线投诉", "阳光小区扫楼回访"}
    late = client.get("/api/work/orders/?overdue=true").json()["results"]
    assert [r["title"] for r in late] == ["阳光小区扫楼回访"] and late[0]["overdue"]
    assert client.get("/api/work/orders/?status=lost").status_code == 400
    created = client.post(
        "/api/work/orders/",
        {"kind": "other", "title": "回访", "unit": u["x"].pk, "assignee": p["cm_x"].pk},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    moved = client.post(
        f"/api/work/orders/{pk}/move/", {"status": "done"}, content_type="application/json"
    )
    assert moved.status_code == 400 and "status" in moved.json()
    moved = client.post(
        f"/api/work/orders/{pk}/move/", {"status": "accepted"}, content_type="application/json"
    )
    assert moved.json()["status"] == "accepted"


def test_the_director_finds_the_escalated_complaint_on_their_work_page(work_city, login):
    order = work_city["orders"]["complaint_x"]
    WorkOrder.objects.filter(pk=order.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    escalate()
    page = login("director").get("/work/")
    assert [o.pk for o in page.context["escalated"]] == [order.pk]
    assert "宽带频繁掉线投诉" in page.content.decode()
