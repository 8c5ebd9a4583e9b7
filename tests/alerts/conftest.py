"""The small city's customers in a hand-written analytics store for October 2026:
张三 (网格X) has a contract ending in 45 days (red), 李四 (网格Y) uses 50 % less than
in the three months before (yellow), 王五 (网格Z, nobody assigned there) owes an old bill."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from tests.core.alerts.store import fact, write_store

OCT = date(2026, 10, 1)
BEFORE = (date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1))


@pytest.fixture
def alert_store(city, tmp_path):
    c, u = city["customers"], city["units"]
    sub = {k: v.subscriptions.get().pk for k, v in c.items()}
    facts = []
    for key, oct_values in (
        ("zhang", {}),
        ("li", {"usage": 500}),
        ("wang", {"arrears": 20000}),
    ):
        facts += [fact(m, sub[key], c[key].pk) for m in BEFORE]
        facts.append(fact(OCT, sub[key], c[key].pk, **oct_values))
    store = write_store(
        tmp_path / "store",
        facts,
        subscriptions=[
            (sub["zhang"], c["zhang"].pk, date(2026, 12, 15)),
            (sub["li"], c["li"].pk, None),
            (sub["wang"], c["wang"].pk, None),
        ],
        customers=[(cu.pk, "ours") for cu in c.values()],
        grids=[(c["zhang"].pk, u["x"].pk), (c["li"].pk, u["y"].pk), (c["wang"].pk, u["z"].pk)],
    )
    return {**city, "store": store, "subs": sub}


@pytest.fixture
def approved_stub():
    """An approved model version: the stub model, trained on the features of history."""
    from tests.alerts.stub_model import StubModel
    from wangge.alerts.models import ModelVersion
    from wangge.core.churn.history import FEATURES

    def make(columns=tuple(FEATURES)):
        return ModelVersion.objects.create(
            train_from=date(2026, 1, 1),
            train_to=date(2026, 6, 1),
            validate_from=date(2026, 7, 1),
            validate_to=date(2026, 7, 1),
            metrics={"model": {"roc_auc": 0.8}},
            columns=list(columns),
            blob=pickle.dumps(StubModel()),
            approved=True,
        )

    return make
