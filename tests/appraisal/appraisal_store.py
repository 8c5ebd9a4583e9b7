"""A hand-written analytics store for the conftest city, and the month's inputs
(plain functions: tests/appraisal/conftest.py and the browser test wrap them).

October 2026, hand-worked (amounts in cents):

网格X (A): s1 active 10000; s2 disconnected 2026-10-15 (billed 5000); s3 broadband
  8000 with arrears 4000; s4 added 2026-09-05, active, billed 3000 in Oct (valid);
  s5 added 2026-09-10, suspended in Oct (not valid); s6 added 2026-10-02, 1000.
  Opening 5 (s1–s5), closing 5 (s1 s3 s4 s5 s6), churned 1 → churn 1 / 5 = 20 %.
  Billed 27000 vs 23000 a year ago → growth 17.3913 %; arrears 4000 / 27000 =
  14.8148 %; input 5000 → input-output 5.4; valid adds 1 of 2 judged.
网格Y (B): s7 active 20000 (a year ago 20000); s8 cancelled in Oct (a year ago 6000).
  Growth (20000 − 26000) / 26000 = −23.0769 %; churn 1 / 1.5 = 66.6667 %;
  arrears 0; input 4000 → 5; no adds.
网格Z (B): s9 active 9000 both years: growth 0, churn 0, arrears 0; input 3000 → 3.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from wangge.core import schema

OCT = date(2026, 10, 1)
SEP = date(2026, 9, 1)
LY = date(2025, 10, 1)
D0 = date(2025, 1, 1)


def _write(path: Path, rows: list[dict], s: pa.Schema) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    full = [{f.name: r.get(f.name) for f in s} for r in rows]
    pq.write_table(pa.Table.from_pylist(full, schema=s), path)


def _fact(month, sid, cid, line, status, since, start, billed, arrears=0, paid=None):
    return {
        "month": month,
        "subscription_id": sid,
        "customer_id": cid,
        "product_line": line,
        "status": status,
        "status_since": since,
        "start_date": start,
        "billed_cents": billed,
        "paid_cents": billed if paid is None else paid,
        "arrears_cents": arrears,
        "arrears_over_90_cents": 0,
        "usage": 0,
        "complaints": 0,
    }


def build_store(root: Path, city: dict) -> dict[str, int]:
    """Write the store for ``city`` under ``root``; returns subscription ids by name."""
    from wangge.customers.models import Customer, CustomerGrid, Subscription
    from wangge.org.models import Assignment, Person, Unit, UnitLink

    u = city["units"]
    cust = city["customers"]
    x, y, z = u["x"], u["y"], u["z"]
    # the extra subscriptions exist in the database too, so pages can show their numbers
    extra = {}
    for name, customer, line, start, status in [
        ("s2", cust["zhang"], "mobile", D0, "disconnected"),
        ("s3", cust["zhang"], "broadband", D0, "active"),
        ("s4", cust["zhang"], "mobile", date(2026, 9, 5), "active"),
        ("s5", cust["zhang"], "mobile", date(2026, 9, 10), "suspended"),
        ("s6", cust["zhang"], "mobile", date(2026, 10, 2), "active"),
        ("s8", cust["li"], "mobile", D0, "cancelled"),
    ]:
        extra[name] = Subscription.objects.create(
            customer=customer,
            product_line=line,
            product="测试套餐",
            number=f"1390000{len(extra):04d}",
            monthly_fee_cents=5000,
            start_date=start,
            status=status,
        ).pk
    ids = {
        "s1": cust["zhang"].subscriptions.order_by("pk").first().pk,
        "s7": cust["li"].subscriptions.order_by("pk").first().pk,
        "s9": cust["wang"].subscriptions.order_by("pk").first().pk,
        **extra,
    }
    zc, lc, wc = cust["zhang"].pk, cust["li"].pk, cust["wang"].pk
    dims = root / "dims"
    _write(
        dims / "unit.parquet",
        [
            {
                "unit_id": un.pk,
                "code": un.code,
                "name": un.name,
                "kind": un.kind,
                "grid_class": un.grid_class or None,
                "grid_type": un.grid_type or None,
                "urban": un.urban,
                "households": un.households,
                "population": un.population,
                "enterprises": un.enterprises,
            }
            for un in Unit.objects.all()
        ],
        schema.UNIT,
    )
    _write(
        dims / "unit_link.parquet",
        [
            {"unit_id": link.unit_id, "parent_id": link.parent_id, "valid_from": link.valid_from}
            for link in UnitLink.objects.all()
        ],
        schema.UNIT_LINK,
    )
    _write(
        dims / "person.parquet",
        [
            {"person_id": p.pk, "staff_no": p.staff_no, "name": p.name, "post": p.post}
            for p in Person.objects.all()
        ],
        schema.PERSON,
    )
    _write(
        dims / "person_unit.parquet",
        [
            {
                "person_id": a.person_id,
                "unit_id": a.unit_id,
                "post": a.post,
                "valid_from": a.valid_from,
            }
            for a in Assignment.objects.all()
        ],
        schema.PERSON_UNIT,
    )
    _write(
        dims / "customer.parquet",
        [
            {
                "customer_id": c.pk,
                "code": c.code,
                "name": c.name,
                "kind": c.kind,
                "ownership": c.ownership,
            }
            for c in Customer.objects.all()
        ],
        schema.CUSTOMER,
    )
    _write(
        dims / "customer_grid.parquet",
        [
            {"customer_id": cg.customer_id, "grid_id": cg.grid_id, "valid_from": cg.valid_from}
            for cg in CustomerGrid.objects.all()
        ],
        schema.CUSTOMER_GRID,
    )
    s = ids
    since0 = D0
    facts = {
        LY: [
            _fact(LY, s["s1"], zc, "mobile", "active", since0, D0, 10000),
            _fact(LY, s["s2"], zc, "mobile", "active", since0, D0, 5000),
            _fact(LY, s["s3"], zc, "broadband", "active", since0, D0, 8000),
            _fact(LY, s["s7"], lc, "mobile", "active", since0, D0, 20000),
            _fact(LY, s["s8"], lc, "mobile", "active", since0, D0, 6000),
            _fact(LY, s["s9"], wc, "mobile", "active", since0, D0, 9000),
        ],
        SEP: [
            _fact(SEP, s["s1"], zc, "mobile", "active", since0, D0, 10000),
            _fact(SEP, s["s2"], zc, "mobile", "active", since0, D0, 5000),
            _fact(SEP, s["s3"], zc, "broadband", "active", since0, D0, 8000),
            _fact(SEP, s["s4"], zc, "mobile", "active", date(2026, 9, 5), date(2026, 9, 5), 1500),
            _fact(SEP, s["s5"], zc, "mobile", "active", date(2026, 9, 10), date(2026, 9, 10), 1000),
            _fact(SEP, s["s7"], lc, "mobile", "active", since0, D0, 20000),
            _fact(SEP, s["s8"], lc, "mobile", "active", since0, D0, 6000),
            _fact(SEP, s["s9"], wc, "mobile", "active", since0, D0, 9000),
        ],
        OCT: [
            _fact(OCT, s["s1"], zc, "mobile", "active", since0, D0, 10000),
            _fact(OCT, s["s2"], zc, "mobile", "disconnected", date(2026, 10, 15), D0, 5000),
            _fact(
                OCT, s["s3"], zc, "broadband", "active", since0, D0, 8000, arrears=4000, paid=4000
            ),
            _fact(OCT, s["s4"], zc, "mobile", "active", date(2026, 9, 5), date(2026, 9, 5), 3000),
            _fact(OCT, s["s5"], zc, "mobile", "suspended", date(2026, 10, 3), date(2026, 9, 10), 0),
            _fact(OCT, s["s6"], zc, "mobile", "active", date(2026, 10, 2), date(2026, 10, 2), 1000),
            _fact(OCT, s["s7"], lc, "mobile", "active", since0, D0, 20000),
            _fact(OCT, s["s8"], lc, "mobile", "cancelled", date(2026, 10, 20), D0, 0),
            _fact(OCT, s["s9"], wc, "mobile", "active", since0, D0, 9000),
        ],
    }
    for month, rows in facts.items():
        _write(
            root / "facts" / "subscription_month" / f"{month:%Y-%m}" / "part-00000.parquet",
            rows,
            schema.SUBSCRIPTION_MONTH,
        )
    inputs = {x.pk: (1000, 500, 500, 3000), y.pk: (1000, 0, 0, 3000), z.pk: (0, 0, 0, 3000)}
    _write(
        root / "facts" / "marketing_input" / f"{OCT:%Y-%m}.parquet",
        [
            {
                "month": OCT,
                "grid_id": gid,
                "commission_cents": a,
                "subsidy_cents": b,
                "promotion_cents": c,
                "labour_cents": d,
            }
            for gid, (a, b, c, d) in inputs.items()
        ],
        schema.MARKETING_INPUT,
    )
    return ids


GRID_TARGETS = {  # stored values: counts, or ratios in ten-thousandths
    "development": ("count", {"x": 2, "y": 1, "z": 1}),
    "revenue_growth": ("ratio", {"x": 1000, "y": 1000, "z": 1000}),
    "arrears": ("ratio", {"x": 1000, "y": 1000, "z": 1000}),
    "churn": ("ratio", {"x": 1000, "y": 1000, "z": 1000}),
    "input_output": ("ratio", {"x": 40000, "y": 40000, "z": 40000}),
}


def fill_month(city):
    """Schemes, targets, entered figures and judgements for October 2026."""
    from wangge.appraisal.models import EnteredFigure, QualitativeScore
    from wangge.appraisal.schemes import seed_schemes
    from wangge.appraisal.targets import set_targets

    seed_schemes()
    u, p = city["units"], city["people"]
    for key, (measure, values) in GRID_TARGETS.items():
        for grid, value in values.items():
            set_targets(OCT, key, value, [u[grid]], measure=measure)
    judgements = {"x": (8, 9), "y": (7, 7), "z": (7, 7)}
    for grid, (a, b) in judgements.items():
        QualitativeScore.objects.create(
            month=OCT, unit=u[grid], item_key="whole_process", points=Decimal(a), reason="检查达标"
        )
        QualitativeScore.objects.create(
            month=OCT, unit=u[grid], item_key="standard_work", points=Decimal(b), reason="日志齐全"
        )
    for who in ("gm_x", "gm_y"):
        EnteredFigure.objects.create(
            month=OCT,
            person=p[who],
            indicator_key="satisfaction",
            value=Decimal("91"),
            source="survey",
        )
        for item in ("team_management", "whole_process"):
            QualitativeScore.objects.create(
                month=OCT, person=p[who], item_key=item, points=Decimal(8), reason="团队稳定"
            )
    EnteredFigure.objects.create(
        month=OCT,
        person=p["cm_x"],
        indicator_key="satisfaction",
        value=Decimal("85"),
        source="survey",
    )
    EnteredFigure.objects.create(
        month=OCT,
        person=p["cm_x"],
        indicator_key="visit_coverage",
        value=Decimal("0.9"),
        source="visits",
    )
    from wangge.appraisal.models import Target

    Target.objects.create(
        month=OCT,
        indicator_key="visit_coverage",
        person=p["cm_x"],
        value=8000,
        measure="ratio",
        source="imported",
    )
    for item in ("work_logs", "cooperation"):
        QualitativeScore.objects.create(
            month=OCT, person=p["cm_x"], item_key=item, points=Decimal(9), reason="按时提交"
        )
    return city
