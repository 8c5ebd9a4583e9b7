"""Publication freezes a month; a correction is version n+1 with a visible diff; a close
killed half-way leaves the previous state and re-runs to the same result."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest

OCT = date(2026, 10, 1)
pytestmark = pytest.mark.django_db


def _state():
    from wangge.appraisal.models import AppraisalRun, ItemScore, ScoreCard

    return (
        list(AppraisalRun.objects.order_by("pk").values_list("pk", "version", "status")),
        sorted(ScoreCard.objects.values_list("run_id", "label", "total", "rank")),
        ItemScore.objects.count(),
    )


def test_published_run_is_immutable(month_inputs):
    from wangge.appraisal.close import close_month, publish_month
    from wangge.appraisal.models import ItemScore, PublishedRunError, ScoreCard

    close_month(OCT)
    run = publish_month(OCT)
    run.note = "changed"
    with pytest.raises(PublishedRunError):
        run.save()
    card = ScoreCard.objects.filter(run=run).first()
    card.total = Decimal("99")
    with pytest.raises(PublishedRunError):
        card.save()
    with pytest.raises(PublishedRunError):
        card.delete()
    with pytest.raises(PublishedRunError):
        ScoreCard.objects.filter(run=run).delete()
    with pytest.raises(PublishedRunError):
        ItemScore.objects.filter(card__run=run).delete()
    with pytest.raises(PublishedRunError):
        run.delete()


def test_correction_is_a_new_version_with_a_diff(month_inputs, django_user_model):
    from wangge.appraisal.close import CloseRefused, close_month, publish_month
    from wangge.appraisal.models import AppraisalRun, QualitativeScore

    boss = django_user_model.objects.get(username="marketing")
    close_month(OCT, user=boss)
    v1 = publish_month(OCT, user=boss)
    with pytest.raises(CloseRefused, match="already published"):
        publish_month(OCT)
    # a director corrects 网格Y's judgement after publication
    QualitativeScore.objects.filter(unit__code="LX-G02", item_key="whole_process").update(
        points=Decimal("10")
    )
    v2 = close_month(OCT, user=boss)
    assert (v2.version, v2.status) == (2, "draft")
    v1.refresh_from_db()
    assert v1.status == "published" and v1.cards.get(label="网格Y").total == Decimal("44.00")
    changes = {c["label"]: c for c in v2.diff["changes"]}
    assert v2.diff["against_version"] == 1
    assert changes["网格Y"]["old_total"] == "44.00"
    assert changes["网格Y"]["new_total"] == "47.00"
    assert changes["网格Y"]["items"] == {"whole_process": ["7.00", "10.00"]}
    assert set(changes) == {"网格Y"}
    publish_month(OCT, user=boss)
    assert list(AppraisalRun.objects.filter(month=OCT).values_list("version", "status")) == [
        (2, "published"),
        (1, "published"),
    ]


def test_killed_half_way_leaves_the_previous_state(month_inputs):
    """The write stage dies after the cards are in: nothing of the new run survives."""
    from wangge.appraisal import close as close_mod
    from wangge.appraisal.close import close_month, publish_month

    close_month(OCT)
    publish_month(OCT)
    before = _state()

    real = close_mod._write_items

    def dies(result, cards):
        real(result, cards)  # the items are written …
        raise KeyboardInterrupt("killed")  # … and the process dies before the commit

    with mock.patch.object(close_mod, "_write_items", dies), pytest.raises(KeyboardInterrupt):
        close_month(OCT)
    assert _state() == before  # v1 still the only run, published, with its cards

    rerun = close_month(OCT)  # the same month again, nothing changed in between
    assert rerun.version == 2 and rerun.diff["changes"] == []
    v1 = {c.label: (c.total, c.rank) for c in rerun.__class__.objects.get(version=1).cards.all()}
    assert {c.label: (c.total, c.rank) for c in rerun.cards.all()} == v1


def test_killed_draft_rerun_keeps_the_old_draft(month_inputs):
    from wangge.appraisal import close as close_mod
    from wangge.appraisal.close import close_month

    close_month(OCT)
    before = _state()
    with (
        mock.patch.object(close_mod, "_write_cards", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        close_month(OCT)
    assert _state() == before
