"""The month-end close in the shell: gather the month, call the core, store the run.

Stages, in order (each reported to ``progress(stage, done, total)``):

1. **gather**: the organisation as of the month's last day, targets, entered
   figures, judgement scores and schemes, from the database
   (:mod:`wangge.appraisal.subjects`);
2. **validate**: :func:`wangge.core.appraisal.assign_schemes` (billing facts
   present, a scheme for everyone, schemes well formed) — a refusal here costs
   nothing and leaves the month open;
3. **figures**: the analytics layer's grid and person figures for the month;
4. **check**: :func:`wangge.core.appraisal.plan_close` (every subject's inputs
   usable), still before anything is written;
5. **write**: in one transaction, the draft of the same month is replaced (after
   publication a new version is opened), then the cards are scored, turned into
   rows and written :data:`~wangge.appraisal.card_rows.CHUNK` at a time
   (:mod:`wangge.appraisal.card_rows`), so memory holds one chunk of cards, not the
   month; after publication the version's diff is written last.

Nothing is written before stage 5, and stage 5 is atomic: a crash or a kill at
any point leaves the month exactly as it was, and closing it again starts afresh.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wangge.analytics.dims import write_org_dims
from wangge.appraisal import card_rows
from wangge.appraisal.models import AppraisalRun, RunStatus, ScoreCard
from wangge.appraisal.schemes import schemes_in_use
from wangge.appraisal.subjects import (
    billing_months,
    gather_subjects,
    load_figures,
    person_key,
    unit_key,
    with_figures,
)
from wangge.base.words import say
from wangge.core import appraisal as core
from wangge.core.explain import Words
from wangge.core.people.audit_card import with_audit_cards
from wangge.core.rates import RateOptions
from wangge.core.scoring import ValidationFailed
from wangge.notices.choices import NoticeKind
from wangge.notices.services import notify, staff_users

Progress = Callable[[str, int, int], None]

__all__ = [
    "CloseRefused",
    "close_month",
    "current_run",
    "gather_subjects",
    "person_key",
    "publish_month",
    "rate_options",
    "store_dir",
    "unit_key",
]


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


# --- the write stage -----------------------------------------------------------------------


def _write_cards(run: AppraisalRun, chunk: list[core.ClosedCard]) -> list[ScoreCard]:
    return card_rows.write_cards(run, chunk)


def _write_items(chunk: list[core.ClosedCard], cards: list[ScoreCard]) -> None:
    card_rows.write_items(chunk, cards)


def _chunks(cards: Iterable[core.ClosedCard], size: int) -> Iterator[list[core.ClosedCard]]:
    it = iter(cards)
    while chunk := list(islice(it, size)):
        yield chunk


def _open_run(month: date, plan: core.ClosePlan, **fields: Any) -> tuple[AppraisalRun, Any]:
    """Replace the month's draft, or open version n+1 after a publication (in the
    caller's transaction, the month's runs locked so two closes queue up)."""
    runs = list(AppraisalRun.objects.select_for_update().filter(month=month).order_by("version"))
    latest = runs[-1] if runs else None
    previous_published = next((r for r in reversed(runs) if r.is_published), None)
    if latest is not None and not latest.is_published:
        version = latest.version
        card_rows.drop_draft(latest)
    else:
        version = (latest.version + 1) if latest else 1
    run = AppraisalRun.objects.create(
        month=month,
        version=version,
        status=RunStatus.DRAFT,
        summary={
            "cards": plan.size,
            "schemes": {code: len(plan.rows[code]) for code in sorted(plan.rows)},
            "skipped": [
                [key, why.as_dict() if isinstance(why, Words) else why] for key, why in plan.skipped
            ],
        },
        **fields,
    )
    return run, previous_published


def _write_run(
    month: date,
    plan: core.ClosePlan,
    *,
    user,
    engine: str,
    options: RateOptions,
    note: str,
    started: float,
    progress: Progress,
) -> AppraisalRun:
    """Stage 5, in one transaction: open the run, score and write the cards chunk by chunk."""
    total = plan.size
    with transaction.atomic():
        run, previous = _open_run(
            month,
            plan,
            created_by=user,
            engine=engine,
            options=dataclasses.asdict(options),
            note=note,
        )
        progress("write", 0, total)
        done = 0
        new: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(core.closed_cards(plan), card_rows.CHUNK):
            cards = _write_cards(run, chunk)
            _write_items(chunk, cards)
            if previous is not None:
                new.update((cc.subject.key, card_rows.summary_of(cc)) for cc in chunk)
            done += len(chunk)
            progress("write", done, total)
        fields = ["seconds"]
        if previous is not None:
            run.diff = {
                "against_version": previous.version,
                "changes": core.diff_cards(card_rows.run_summaries(previous), new),
            }
            fields.append("diff")
        run.seconds = time.perf_counter() - started  # the whole close, writing included
        run.save(update_fields=fields)
    return run


# --- the close -------------------------------------------------------------------------------


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
    del figures
    progress("figures", 1, 1)

    progress("score", 0, 1)
    try:
        plan = core.plan_close(month, subjects, schemes, options=options)
    except ValidationFailed as exc:
        raise CloseRefused([say(p.words()) for p in exc.problems]) from exc
    del subjects
    progress("score", 1, 1)

    run = _write_run(
        month,
        plan,
        user=user,
        engine=engine_name,
        options=options,
        note=note,
        started=started,
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
