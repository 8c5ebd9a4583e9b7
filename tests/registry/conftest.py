"""The registry extract the command tests match: the demo's business customers in the
database and their registry entries as an operator's CSV, with the true customer codes."""

from __future__ import annotations

import csv

import pytest

from wangge.core.matching.sample import TRUTH, demo_registry

HEADERS = ["企业名称", "统一社会信用代码", "法定代表人", "住所", "联系电话", "真实客户"]


@pytest.fixture
def extract(db, tmp_path):
    from wangge.customers.models import Customer

    sample = demo_registry(0.05)
    Customer.objects.bulk_create(
        Customer(
            code=c["code"],
            name=c["name"],
            kind=c["kind"],
            ownership=c["ownership"],
            phone=c["phone"] or "",
            id_number=c["id_number"] or "",
            industry=c["industry"] or "",
            address=c["address"] or "",
        )
        for c in sample.customers.to_pylist()
    )
    path = tmp_path / "工商登记.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        w = csv.writer(out)
        w.writerow(HEADERS)
        for r in sample.registry.to_pylist():
            w.writerow(
                [r["name"], r["credit_code"], r["legal_person"], r["address"], r["phone"],
                 r[TRUTH] or ""]
            )  # fmt: skip
    return path
