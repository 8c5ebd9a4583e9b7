"""The dated grid history of customers and places from an operator's file: the file is
the truth for what it names, checked per subject, written in bulk with history rows,
rolled back as a unit."""

from __future__ import annotations

from datetime import date

from tests.intake.test_import import write
from wangge.customers.models import CustomerGrid
from wangge.intake.services import rollback, run_import
from wangge.territory.models import PlaceGrid

HISTORY = (
    "客户编码,场所编码,网格编码,生效日期,失效日期\n"
    "K3,,SZ-G01,2025-01-01,2026-03-01\n"
    "K3,,LX-G02,2026/3/1,\n"
    ",P1,LX-G01,2025-01-01,\n"
)


def _periods(customer):
    return sorted(
        CustomerGrid.objects.filter(customer=customer).values_list(
            "grid__code", "valid_from", "valid_to"
        )
    )


def test_the_file_replaces_the_history_of_what_it_names(city, tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    wang, zhang = city["customers"]["wang"], city["customers"]["zhang"]
    before_zhang = _periods(zhang)
    outcome = run_import("grid_link", write(tmp_path, "网格归属历史.csv", HISTORY))
    assert outcome.ok, [str(p) for p in outcome.problems]
    # 王五 moved on 2026-03-01; 阳光小区 was already as the file says; 张三 is not named
    assert (outcome.added, outcome.changed, outcome.unchanged) == (0, 1, 1)
    assert _periods(wang) == [
        ("LX-G02", date(2026, 3, 1), None),
        ("SZ-G01", date(2025, 1, 1), date(2026, 3, 1)),
    ]
    assert wang.grid_on(date(2026, 2, 28)).code == "SZ-G01"
    assert wang.grid_on(date(2026, 3, 1)).code == "LX-G02"
    assert _periods(zhang) == before_zhang
    reason = f"import #{outcome.run_id}"
    marks = sorted(
        CustomerGrid.history.filter(history_change_reason=reason).values_list(
            "history_type", "grid__code", "valid_to"
        )
    )
    assert marks == [
        ("+", "LX-G02", None),
        ("+", "SZ-G01", date(2026, 3, 1)),
        ("-", "SZ-G01", None),
    ]
    # the same history in another file changes nothing
    again = run_import("grid_link", write(tmp_path, "网格归属历史-重发.csv", HISTORY + "\n"))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    rollback(again.run_id)
    rollback(outcome.run_id)
    assert _periods(wang) == [("SZ-G01", date(2025, 1, 1), None)]


def test_periods_out_of_order_overlapping_or_of_no_one_are_named_and_nothing_written(
    city, tmp_path, settings
):
    settings.STORE_DIR = tmp_path / "store"
    bad = (
        "客户编码,场所编码,网格编码,生效日期,失效日期\n"
        "K3,,SZ-G01,2025-01-01,2026-03-01\n"
        "K3,,LX-G02,2026-02-01,\n"  # overlaps row 2
        "K1,,LX-G01,2026-05-01,2026-04-01\n"  # ends before it starts
        "K2,P1,LX-G02,2025-01-01,\n"  # a customer and a place
        ",P404,LX-G01,2025-01-01,\n"  # unknown place
    )
    before = set(CustomerGrid.objects.values_list("pk", "valid_to"))
    places = set(PlaceGrid.objects.values_list("pk", "valid_to"))
    refused = run_import("grid_link", write(tmp_path, "网格归属历史-有误.csv", bad))
    assert {(p.row, p.column, p.rule) for p in refused.problems} == {
        (3, "生效日期", "link_overlap"),
        (4, "生效日期", "link_order"),
        (5, "客户编码", "one_subject"),
        (6, "场所编码", "unknown_code"),
    }
    assert set(CustomerGrid.objects.values_list("pk", "valid_to")) == before
    assert set(PlaceGrid.objects.values_list("pk", "valid_to")) == places
