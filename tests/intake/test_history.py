"""Why did this customer change? Every row a bulk import creates or changes has a history
row naming the run (``import #ID``) and who started it, written in bulk; a rollback's
restoring is in the history too."""

from __future__ import annotations

from datetime import date

from tests.intake.test_import import CUSTOMERS, write
from wangge.customers.models import Customer, CustomerGrid, Subscription
from wangge.intake.services import rollback, run_import

SUBSCRIPTIONS = (
    "用户编码,客户编码,业务类型,套餐名称,号码,月费(元),入网时间,状态\n"
    'U900,K10,宽带,200M宽带,053188886666,"1,299.00",2026-11-03,在用\n'
)


def _history(customer_code):
    return list(
        Customer.history.filter(code=customer_code)
        .order_by("history_id")
        .values_list("history_type", "history_change_reason", "address", "history_user_id")
    )


def test_each_created_and_changed_customer_names_its_import(
    city, tmp_path, settings, django_user_model
):
    settings.STORE_DIR = tmp_path / "store"
    clerk = django_user_model.objects.create_user("clerk")
    before = _history("K1")
    outcome = run_import("customer", write(tmp_path, "客户资料.csv", CUSTOMERS), user=clerk)
    assert outcome.ok, [str(p) for p in outcome.problems]
    reason = f"import #{outcome.run_id}"
    # 张三 (K1) was there: one change, with the address the file gave
    assert _history("K1") == [*before, ("~", reason, "历下区文化东路1号", clerk.pk)]
    # the new ones: created by the run
    assert _history("K10") == [("+", reason, "历下区泉城路8号", clerk.pk)]
    assert _history("K11")[-1][:2] == ("+", reason)
    # their grid links too, the one closed and the one opened
    k11 = Customer.objects.get(code="K11")
    links = CustomerGrid.history.filter(customer_id=k11.pk, history_change_reason=reason)
    assert {(h.history_type, h.grid.code, h.valid_from) for h in links} == {
        ("+", "SZ-G01", date(2026, 11, 3))
    }


def test_an_unchanged_row_gets_no_history_and_subscriptions_have_theirs(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    run_import("customer", write(tmp_path, "客户资料.csv", CUSTOMERS))
    count = Customer.history.count()
    again = CUSTOMERS + "K12,李四,个人,在网,LX-G01,,13700001111,历下区山大路3号,2026-11-04\n"
    second = run_import("customer", write(tmp_path, "客户资料-补.csv", again))
    assert (second.added, second.changed, second.unchanged) == (1, 0, 3)
    assert Customer.history.count() == count + 1
    sub = run_import("subscription", write(tmp_path, "用户资料.csv", SUBSCRIPTIONS))
    assert sub.ok, [str(p) for p in sub.problems]
    row = Subscription.history.get(code="U900")
    assert (row.history_type, row.history_change_reason, row.monthly_fee_cents) == (
        "+",
        f"import #{sub.run_id}",
        129_900,
    )


def test_a_rollback_writes_the_restored_values_into_the_history(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    outcome = run_import("customer", write(tmp_path, "客户资料.csv", CUSTOMERS))
    old = Customer.history.filter(code="K1").order_by("history_id").first().address
    rollback(outcome.run_id)
    last = Customer.history.filter(code="K1").order_by("history_id").last()
    assert (last.history_change_reason, last.address) == (
        f"rollback of import #{outcome.run_id}",
        old,
    )
    assert Customer.history.filter(code="K10").order_by("history_id").last().history_type == "-"
