"""The month-end close in the shell: gather the month, call the core, store the run.

Stages, in order (each reported to ``progress(stage, done, total)``):

1. **gather**: the organisation as of the month's last day, targets, entered
   figures, judgement scores and schemes, from the database;
2. **validate**: :func:`wangge.core.appraisal.assign_schemes` (billing facts
   present, a scheme for everyone, schemes well formed) — a refusal here costs
   nothing and leaves the month open;
3. **figures**: the analytics layer's grid and person figures for the month;
4. **score**: :func:`wangge.core.appraisal.close_month` (validates the inputs
   too, then scores and ranks);
5. **write**: the whole run in one transaction. A draft of the same month is
   replaced; after publication a new version is written with its diff.

Nothing is written before stage 5, and stage 5 is atomic: a crash or a kill at
any point leaves the month exactly as it was.
"""

from __future__ import annotations

import dataclasses
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from wangge.analytics.dims import write_org_dims
from wangge.appraisal.models import (
    AppraisalRun,
    EnteredFigure,
    ItemScore,
    QualitativeScore,
    RunStatus,
    ScoreCard,
    SubjectKind,
    Target,
)
from wangge.appraisal.schemes import schemes_in_use
from wangge.base.words import say
from wangge.core import appraisal as core
from wangge.core.explain import Derivation, Words, format_number
from wangge.core.org import subtree
from wangge.core.people.audit_card import with_audit_cards
from wangge.core.rates import RateOptions
from wangge.core.scoring import Judgement, ValidationFailed
from wangge.engines import month_files
from wangge.notices.choices import NoticeKind
from wangge.notices.services import notify, staff_users
from wangge.org.models import Assignment, Person, Unit, UnitLink
from wangge.org.scope import unit_tree

Progress = Callable[[str, int, int], None]


class CloseRefused(Exception):
    """The month cannot be closed (validation problems, or it is already published)."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("; ".join(messages))


def _noop(stage: str, done: int, total: int) -> None:
    return None


def rate_options() -> RateOptions:
    """The company's rate definitions: ``WANGGE_RATE_OPTIONS`` in settings, else defaults."""
    return RateOptions(**getattr(settings, "WANGGE_RATE_OPTIONS", {}))


def store_dir() -> Path:
    return Path(settings.STORE_DIR)


def unit_key(unit: Unit) -> str:
    return f"{unit.code} {unit.name}"


def person_key(person: Person) -> str:
    return f"{person.staff_no} {person.name}"


# --- gathering --------------------------------------------------------------------------


def _target_value(t: Target) -> core.TargetValue:
    derivation = Derivation.from_dict(t.derivation) if t.derivation else None
    return core.TargetValue(t.value, t.measure, target_source(t), derivation)


def target_source(t: Target) -> str:
    """Where a target came from, in words for the derivation."""
    if t.source == "decomposed" and t.plan_id:
        return f"decomposed from {t.plan.indicator_key} {t.plan.month:%Y-%m} total {t.plan.total}"
    if t.source == "adjusted":
        adj = (
            t.unit.target_adjustments.filter(month=t.month, indicator_key=t.indicator_key)
            .order_by("-at")
            .first()
            if t.unit_id
            else None
        )
        if adj is not None:
            who = adj.by_name or (adj.by.get_username() if adj.by else "")
            return (
                f"adjusted by {who} on {adj.at:%Y-%m-%d}: {adj.before} → {adj.after} ({adj.reason})"
            )
        return "adjusted"
    if t.source == "imported":
        return "imported"
    return t.source


def gather_subjects(
    month: date, figures: dict[str, dict[int, dict[str, Any]]] | None = None
) -> list[core.Subject]:
    """Every grid and every assigned person as of the month's last day, with their inputs.

    ``figures`` maps level ("grid", "person") to id → figures row; without it the
    subjects carry no figures (enough for the checks that need none).
    """
    month = core.month_start(month)
    on = core.month_end(month)
    figures = figures or {}
    linked = set(UnitLink.objects.as_of(on).values_list("unit_id", flat=True))
    grids = [u for u in Unit.objects.filter(kind="grid").order_by("code") if u.pk in linked]
    targets = list(Target.objects.filter(month=month).select_related("plan", "unit"))
    unit_targets: dict[int, dict[str, core.TargetValue]] = defaultdict(dict)
    person_targets: dict[int, dict[str, core.TargetValue]] = defaultdict(dict)
    for t in targets:
        tv = _target_value(t)
        if t.unit_id:
            unit_targets[t.unit_id][t.indicator_key] = tv
        else:
            person_targets[t.person_id][t.indicator_key] = tv
    manual_u: dict[int, dict[str, core.ManualFigure]] = defaultdict(dict)
    manual_p: dict[int, dict[str, core.ManualFigure]] = defaultdict(dict)
    for f in EnteredFigure.objects.filter(month=month):
        mf = core.ManualFigure(Fraction(str(f.value)), f.source or "entered")
        (manual_u[f.unit_id] if f.unit_id else manual_p[f.person_id])[f.indicator_key] = mf
    judg_u: dict[int, dict[str, Judgement]] = defaultdict(dict)
    judg_p: dict[int, dict[str, Judgement]] = defaultdict(dict)
    for q in QualitativeScore.objects.filter(month=month).select_related("entered_by"):
        j = Judgement(
            Fraction(str(q.points)), q.reason, q.entered_by.get_username() if q.entered_by else ""
        )
        (judg_u[q.unit_id] if q.unit_id else judg_p[q.person_id])[q.item_key] = j
    subjects: list[core.Subject] = []
    grid_fig = figures.get("grid", {})
    for g in grids:
        subjects.append(
            core.Subject(
                key=unit_key(g),
                kind="unit",
                ref=g.pk,
                role="grid",
                label=g.name,
                grid_class=g.grid_class or None,
                figures=grid_fig.get(g.pk),
                targets=unit_targets.get(g.pk, {}),
                manual=manual_u.get(g.pk, {}),
                judgements=judg_u.get(g.pk, {}),
            )
        )
    units = {u.pk: u for u in Unit.objects.all()}
    by_person: dict[int, list[Assignment]] = defaultdict(list)
    for a in Assignment.objects.as_of(on).select_related("person").order_by("person_id", "pk"):
        by_person[a.person_id].append(a)
    person_fig = figures.get("person", {})
    tree = unit_tree(on)
    grid_ids = {g.pk for g in grids}
    for pid, assignments in sorted(by_person.items()):
        person = assignments[0].person
        own = dict(person_targets.get(pid, {}))
        keys = {k for a in assignments for k in unit_targets.get(a.unit_id, {})}
        for key in sorted(keys - set(own)):
            parts = [
                (units[a.unit_id].name, unit_targets[a.unit_id][key])
                for a in assignments
                if key in unit_targets.get(a.unit_id, {})
            ]
            combined = core.combine_targets(parts)
            if combined is not None:
                own[key] = combined
        subjects.append(
            core.Subject(
                key=person_key(person),
                kind="person",
                ref=pid,
                role=person.post,
                label=person.name,
                figures=person_fig.get(pid),
                targets=own,
                manual=manual_p.get(pid, {}),
                judgements=judg_p.get(pid, {}),
                no_grid=not (subtree(tree, {a.unit_id for a in assignments}) & grid_ids),
            )
        )
    return subjects


def with_figures(
    subject: core.Subject, figures: dict[str, dict[int, dict[str, Any]]]
) -> core.Subject:
    """The subject with its row of the month's figures attached."""
    level = "grid" if subject.kind == "unit" else "person"
    return dataclasses.replace(subject, figures=figures.get(level, {}).get(subject.ref))


def billing_months(store: Path, month: date) -> list[date]:
    """The month itself if the store holds its billing facts (else nothing)."""
    return [month] if month_files(store, month) else []


def load_figures(
    month: date, engine: str | None, options: RateOptions, store: Path
) -> dict[str, dict[int, dict[str, Any]]]:
    """Grid and person figures of the month from the analytics layer, keyed by id."""
    from wangge.analytics.run import period_figures

    tables = period_figures(store, month, engine=engine, options=options)
    grid = {r["grid_id"]: r for r in tables["grid"].to_pylist() if r["grid_id"] is not None}
    person = {r["person_id"]: r for r in tables["person"].to_pylist()}
    return {"grid": grid, "person": person}


# --- the close -------------------------------------------------------------------------------


def _dec(value: Fraction | float | None, places: int = 6) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        value = Fraction(str(value))
    return Decimal(format_number(value, places))


def _figures_json(row: dict[str, Any] | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {k: v for k, v in row.items() if isinstance(v, int | float | str) or v is None}


def card_summary(card: ScoreCard, items: list[ItemScore] | None = None) -> dict[str, Any]:
    """What the version diff compares for one card."""
    items = items if items is not None else list(card.items.all())
    return {
        "label": card.label,
        "total": str(card.total),
        "rank": str(card.rank),
        "items": {i.key: str(i.points) for i in items},
    }


def run_summaries(run: AppraisalRun) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    items: dict[int, list[ItemScore]] = defaultdict(list)
    for item in ItemScore.objects.filter(card__run=run).order_by("pk"):
        items[item.card_id].append(item)
    for card in run.cards.select_related("unit", "person"):
        key = unit_key(card.unit) if card.unit_id else person_key(card.person)
        out[key] = card_summary(card, items[card.pk])
    return out


def _write_cards(run: AppraisalRun, result: core.CloseResult) -> list[ScoreCard]:
    cards = []
    for cc in result.cards:
        s, c = cc.subject, cc.card
        cards.append(
            ScoreCard(
                run=run,
                subject_kind=SubjectKind.UNIT if s.kind == "unit" else SubjectKind.PERSON,
                unit_id=s.ref if s.kind == "unit" else None,
                person_id=s.ref if s.kind == "person" else None,
                label=s.label,
                scheme_code=c.scheme_code,
                quantitative=_dec(c.quantitative, 2),
                qualitative=_dec(c.qualitative, 2),
                total=_dec(c.total, 2),
                rank=_dec(c.rank, 2),
                peers=c.peers,
                passed=c.passed,
                figures=_figures_json(s.figures),
                derivation=c.derivation.to_dict(),
            )
        )
    return bulk_create_with_history(cards, ScoreCard, batch_size=500)


def _write_items(result: core.CloseResult, cards: list[ScoreCard]) -> None:
    items = []
    for cc, card in zip(result.cards, cards, strict=True):
        for item in cc.card.items:
            actual, target = cc.values.get(item.key, (None, None))
            if item.kind == "qualitative":
                actual, target = item.exact, None
            items.append(
                ItemScore(
                    card=card,
                    key=item.key,
                    label=item.label,
                    kind=item.kind,
                    weight=_dec(item.weight, 2),
                    actual=_dec(actual),
                    target=_dec(target),
                    completion=_dec(item.completion),
                    points=_dec(item.points, 2),
                    derivation=item.derivation.to_dict(),
                )
            )
    ItemScore.objects.bulk_create(items, batch_size=2000)


def _drop_draft(run: AppraisalRun) -> None:
    """Remove a draft run and its results in three statements.

    A replaced draft needs no per-card deletion history (its cards were never
    published), and going through the ORM's collector would write one history row
    per card; the raw deletes keep re-running a month cheap.
    """
    assert not run.is_published
    db = transaction.get_connection().alias
    ItemScore.objects.filter(card__run=run)._raw_delete(db)
    ScoreCard.objects.filter(run=run)._raw_delete(db)
    AppraisalRun.objects.filter(pk=run.pk, status=RunStatus.DRAFT)._raw_delete(db)


def _write_run(
    month: date,
    result: core.CloseResult,
    *,
    user,
    engine: str,
    options: RateOptions,
    note: str,
    seconds: float,
    progress: Progress,
) -> AppraisalRun:
    """Stage 5, in one transaction: replace the draft (or open version n+1), write all."""
    with transaction.atomic():
        # lock the month's runs so two closes of the same month queue up
        runs = list(
            AppraisalRun.objects.select_for_update().filter(month=month).order_by("version")
        )
        latest = runs[-1] if runs else None
        previous_published = next((r for r in reversed(runs) if r.is_published), None)
        if latest is not None and not latest.is_published:
            version = latest.version
            _drop_draft(latest)
        else:
            version = (latest.version + 1) if latest else 1
        run = AppraisalRun.objects.create(
            month=month,
            version=version,
            status=RunStatus.DRAFT,
            created_by=user,
            engine=engine,
            options=dataclasses.asdict(options),
            note=note,
            seconds=seconds,
            summary={
                "cards": len(result.cards),
                "schemes": {
                    code: sum(1 for c in result.cards if c.scheme.code == code)
                    for code in sorted(result.schemes)
                },
                "skipped": [
                    [key, why.as_dict() if isinstance(why, Words) else why]
                    for key, why in result.skipped
                ],
            },
        )
        progress("write", 0, len(result.cards))
        cards = _write_cards(run, result)
        progress("write", len(cards) // 2, len(result.cards))
        _write_items(result, cards)
        if previous_published is not None:
            new = {cc.subject.key: _summary_of(cc) for cc in result.cards}
            run.diff = {
                "against_version": previous_published.version,
                "changes": core.diff_cards(run_summaries(previous_published), new),
            }
            run.save(update_fields=["diff"])
        progress("write", len(result.cards), len(result.cards))
    return run


def _two(value: float) -> str:
    """As a DecimalField(…, 2) shows it, so a fresh card compares equal to a stored one."""
    return str(_dec(value, 2).quantize(Decimal("0.01")))


def _summary_of(cc: core.ClosedCard) -> dict[str, Any]:
    return {
        "label": cc.subject.label,
        "total": _two(cc.card.total),
        "rank": _two(cc.card.rank),
        "items": {i.key: _two(i.points) for i in cc.card.items},
    }


def close_month(
    month: date,
    *,
    user=None,
    engine: str | None = None,
    options: RateOptions | None = None,
    store: Path | None = None,
    publish: bool = False,
    note: str = "",
    progress: Progress | None = None,
) -> AppraisalRun:
    """Close ``month``: refuse with :class:`CloseRefused` or return the stored run."""
    month = core.month_start(month)
    progress = progress or _noop
    options = options or rate_options()
    store = store or store_dir()
    engine_name = engine or "duckdb"
    started = time.perf_counter()

    progress("gather", 0, 1)
    schemes = schemes_in_use()
    subjects = with_audit_cards(month, gather_subjects(month), schemes)  # audited grids
    progress("gather", 1, 1)
    progress("validate", 0, 1)
    _, _, problems = core.assign_schemes(
        month, subjects, schemes, billing_months=billing_months(store, month)
    )
    if problems:
        raise CloseRefused([say(p.words()) for p in problems])
    progress("validate", 1, 1)

    progress("figures", 0, 1)
    write_org_dims(store)  # the organisation as the database has it, not the generator's copy
    figures = load_figures(month, engine, options, store)
    subjects = [with_figures(s, figures) for s in subjects]
    progress("figures", 1, 1)

    progress("score", 0, 1)
    try:
        result = core.close_month(month, subjects, schemes, options=options)
    except ValidationFailed as exc:
        raise CloseRefused([say(p.words()) for p in exc.problems]) from exc
    progress("score", 1, 1)

    run = _write_run(
        month,
        result,
        user=user,
        engine=engine_name,
        options=options,
        note=note,
        seconds=time.perf_counter() - started,
        progress=progress,
    )
    if publish:
        run = publish_month(month, user=user)
    return run


def publish_month(month: date, *, user=None) -> AppraisalRun:
    """Publish the month's draft; from then on it is immutable."""
    month = core.month_start(month)
    with transaction.atomic():
        run = (
            AppraisalRun.objects.select_for_update()
            .filter(month=month)
            .order_by("-version")
            .first()
        )
        if run is None:
            raise CloseRefused([f"month {month:%Y-%m} has not been closed yet"])
        if run.is_published:
            raise CloseRefused([f"month {month:%Y-%m} version {run.version} is already published"])
        run.status = RunStatus.PUBLISHED
        run.published_at = timezone.now()
        run.published_by = user
        run.save()
        notify(
            staff_users(),
            NoticeKind.MONTH_PUBLISHED,
            {"month": f"{month:%Y-%m}", "version": run.version},
            url=reverse("appraisal:home"),
        )
    return run


def current_run(month: date, *, include_drafts: bool = True) -> AppraisalRun | None:
    """The run pages show for a month: the latest published, or the latest draft if asked."""
    month = core.month_start(month)
    qs = AppraisalRun.objects.filter(month=month)
    if not include_drafts:
        qs = qs.filter(status=RunStatus.PUBLISHED)
    return qs.order_by("-version").first()
