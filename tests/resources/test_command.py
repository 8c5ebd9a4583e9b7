"""``wangge resources``: a yearly budget split exactly, propose, accept, evaluate, input."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from tests.resources.conftest import OCT
from wangge.resources.models import Budget, Plan, Use


def run(*args) -> str:
    out = io.StringIO()
    call_command("resources", *args, stdout=out)
    return out.getvalue()


def test_a_yearly_budget_splits_over_twelve_months_to_the_cent(db):
    run("budget", "--year", "2027", "--kind", "sms", "--yuan", "1000.01")
    rows = Budget.objects.filter(month__year=2027)
    assert rows.count() == 12 and sum(b.amount_cents for b in rows) == 100_001


def test_bad_input_is_refused_naming_the_option(db):
    with pytest.raises(CommandError, match="--yuan"):
        run("budget", "--month", "2026-10", "--kind", "sms", "--yuan", "1.234")
    with pytest.raises(CommandError, match="--month"):
        run("propose", "--month", "2026-13")
    with pytest.raises(CommandError, match="month"):
        run("propose", "--month", "2026-10")  # no budget


def test_propose_accept_evaluate_and_the_marketing_input_file(res_city, tmp_path):
    assert "plan #" in run("propose", "--month", "2026-10")
    plan = Plan.objects.get()
    run("accept", "--plan", str(plan.pk))
    assert Plan.objects.get().status == "accepted"
    Use.objects.create(unit=res_city["units"]["x"], kind="sms", day=date(2026, 10, 3),
                       cents=12_345)  # fmt: skip
    assert "flagged: 1" in run("evaluate", "--month", "2026-10")
    out = tmp_path / "in.csv"
    run("input", "--month", f"{OCT:%Y-%m}", "--out", str(out))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows == [["账期", "网格编码", "营销费用"], ["2026-10", "LX-G01", "123.45"]]
