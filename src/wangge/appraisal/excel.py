"""Excel in and out: targets, judgement scores, and a month's appraisal with its derivations.

Imports are all-or-nothing: every row is checked first, and one bad cell refuses
the whole file with messages naming the file, the row and the column, so a sheet
is corrected and sent again rather than half applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from wangge.appraisal.models import (
    AppraisalRun,
    ItemScore,
    Measure,
    QualitativeScore,
    ScoreCard,
    Target,
    TargetSource,
    judgement_maxima,
    judgement_problem,
)
from wangge.appraisal.targets import (
    TargetRefused,
    adjust_target,
    refuse_if_published,
    store_target,
)
from wangge.core.explain import Derivation
from wangge.core.months import parse_month
from wangge.core.sheets import Column, ListSheet, write_book
from wangge.org.models import Person, Unit

TARGET_HEADERS = [
    "月份 month",
    "指标 indicator",
    "单位编码 unit code",
    "工号 staff no",
    "名称 name",
    "目标值 value",
    "计量 measure",
    "来源 source",
    "理由 reason",
]
QUALITATIVE_HEADERS = [
    "月份 month",
    "项目 item",
    "单位编码 unit code",
    "工号 staff no",
    "名称 name",
    "得分 points",
    "理由 reason",
]


class ImportRefused(Exception):
    """A sheet with bad rows; ``errors`` holds one "file, row R, column C: why" per cell."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def _key(header: Any) -> str:
    text = str(header or "").strip()
    return text.split(" ", 1)[1].strip().lower() if " " in text else text.lower()


def _month(value: Any) -> date:
    return parse_month(value)


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, dict[str, Any]]]


def _read(path: Path | str, name: str, expected: list[str]) -> _Sheet:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise ImportRefused([f"{name}: not an Excel workbook ({exc})"]) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportRefused([f"{name}: the sheet is empty"])
    keys = [_key(h) for h in header]
    missing = [h for h in expected if _key(h) not in keys]
    if missing:
        raise ImportRefused([f"{name}, row 1: missing column(s) {', '.join(missing)}"])
    out = []
    for i, row in enumerate(rows, start=2):
        if row is None or all(v is None or str(v).strip() == "" for v in row):
            continue
        out.append((i, {k: v for k, v in zip(keys, row, strict=False)}))
    book.close()
    return _Sheet(name, out)


def _subject(
    sheet: _Sheet, row: int, cells: dict[str, Any], errors: list[str], user, month: date
) -> tuple[Unit | None, Person | None]:
    """The row's unit or person, if in ``user``'s scope; a person counts when assigned,
    on the month's last day, to a unit the user sees (``Person.objects.visible_to``)."""
    from wangge.core.appraisal import month_end
    from wangge.org.scope import visible_unit_ids

    code = str(cells.get("unit code") or "").strip()
    staff = str(cells.get("staff no") or "").strip()
    if bool(code) == bool(staff):
        errors.append(f"{sheet.name}, row {row}, column unit code: give a unit code or a staff no")
        return None, None
    ids = visible_unit_ids(user) if user is not None else None
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            errors.append(f"{sheet.name}, row {row}, column unit code: no unit {code!r}")
        elif ids is not None and unit.pk not in ids:
            errors.append(
                f"{sheet.name}, row {row}, column unit code: {code} is outside your scope"
            )
            return None, None
        return unit, None
    person = Person.objects.filter(staff_no=staff).first()
    if person is None:
        errors.append(f"{sheet.name}, row {row}, column staff no: no person {staff!r}")
    elif (
        user is not None
        and not Person.objects.visible_to(user, month_end(month)).filter(pk=person.pk).exists()
    ):
        errors.append(f"{sheet.name}, row {row}, column staff no: {staff} is outside your scope")
        return None, None
    return None, person


def _row_head(
    sheet: _Sheet, row: int, cells: dict[str, Any], errors: list[str], user, column: str
) -> tuple[date, str, Unit | None, Person | None] | None:
    """A row's month, its indicator or item (the ``column``) and its unit or person
    (:func:`_subject`); None, with the error noted, when the month or the key is wrong."""
    try:
        month = _month(cells.get("month"))
    except (ValueError, TypeError, AttributeError):
        errors.append(
            f"{sheet.name}, row {row}, column month: expected YYYY-MM, got {cells.get('month')!r}"
        )
        return None
    key = str(cells.get(column) or "").strip()
    if not key:
        errors.append(f"{sheet.name}, row {row}, column {column}: empty")
        return None
    return month, key, *_subject(sheet, row, cells, errors, user, month)


# --- targets -----------------------------------------------------------------------------


def export_targets(targets, path: Path | None = None) -> bytes:
    """The targets as a sheet that :func:`import_targets` reads back unchanged."""
    kinds = {"目标值 value": "figure"}
    columns = [Column(h, kinds.get(h, "text"), width=14) for h in TARGET_HEADERS]
    rows = (
        [
            f"{t.month:%Y-%m}",
            t.indicator_key,
            t.unit.code if t.unit_id else "",
            t.person.staff_no if t.person_id else "",
            t.unit.name if t.unit_id else t.person.name,
            t.value,
            t.measure,
            t.source,
            "",
        ]
        for t in targets.select_related("unit", "person").order_by("month", "indicator_key", "pk")
    )
    return _save(ListSheet("targets", columns, rows), path)


def _save(sheets: ListSheet | list[ListSheet], path: Path | None) -> bytes:
    """The workbook's bytes (also written to ``path`` when given), by the list-sheet writer."""
    data = write_book(sheets if isinstance(sheets, list) else [sheets])
    if path is not None:
        Path(path).write_bytes(data)
    return data


def import_targets(path: Path | str, *, user=None, name: str | None = None) -> int:
    """Read targets from a sheet (all rows, or none); returns how many rows it read.

    The rules of the targets page hold: a month whose appraisal is published is not
    changed, targets are never negative, and a row that moves a decomposed target is
    an adjustment (within ±10 % of its formula value, with the row's reason), so the
    siblings absorb it and every level still adds up. Rows equal to the stored target
    are left alone, so a sheet exported, edited in one cell and imported changes one
    target.
    """
    name = name or Path(path).name
    sheet = _read(path, name, TARGET_HEADERS[:4] + TARGET_HEADERS[5:7])
    errors: list[str] = []
    parsed = []
    seen: dict[tuple, int] = {}
    measures = {m.value for m in Measure}
    for row, cells in sheet.rows:
        head = _row_head(sheet, row, cells, errors, user, "indicator")
        if head is None:
            continue
        month, key, unit, person = head
        raw = cells.get("value")
        try:
            value = Decimal(str(raw).strip())
            if value != value.to_integral_value():
                raise InvalidOperation
            value = int(value)
        except (InvalidOperation, ValueError):
            errors.append(f"{name}, row {row}, column value: expected a whole number, got {raw!r}")
            continue
        if value < 0:
            errors.append(
                _("%(file)s, row %(row)s, column value: a target must not be negative")
                % {"file": name, "row": row}
            )
            continue
        measure = str(cells.get("measure") or "").strip() or "count"
        if measure not in measures:
            errors.append(
                f"{name}, row {row}, column measure: {measure!r} is not one of {sorted(measures)}"
            )
            continue
        if unit is None and person is None:
            continue
        ident = (month, key, unit.pk if unit else None, person.pk if person else None)
        if ident in seen:
            errors.append(f"{name}, row {row}, column indicator: same target as row {seen[ident]}")
            continue
        seen[ident] = row
        reason = str(cells.get("reason") or "").strip()
        parsed.append((row, month, key, unit, person, value, measure, reason))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        before = {
            (row, month, key, unit, person): Target.objects.filter(
                month=month, indicator_key=key, unit=unit, person=person
            )
            .select_related("plan")
            .first()
            for row, month, key, unit, person, *_rest in parsed
        }
        for row, month, key, unit, person, value, measure, reason in parsed:
            old = before[row, month, key, unit, person]
            if old is not None and old.value == value and old.measure == measure:
                continue
            where = _("%(file)s, row %(row)s, column value") % {"file": name, "row": row}
            try:
                refuse_if_published(month)
                if old is not None and old.plan_id is not None and unit is not None:
                    if not reason:
                        raise TargetRefused(
                            _("%(unit)s: changing a decomposed target needs a written reason")
                            % {"unit": unit.name}
                        )
                    adjust_target(month, key, unit, value, reason, user=user)
                else:
                    store_target(
                        month,
                        key,
                        unit,
                        person,
                        value,
                        measure=measure,
                        source=TargetSource.IMPORTED,
                        formula=f"imported from {name}, row {row}",
                    )
            except TargetRefused as exc:
                errors.append(f"{where}: {exc}")
                continue
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise ImportRefused(errors)
    return len(parsed)


# --- qualitative scores ---------------------------------------------------------------------


def export_qualitative(scores, path: Path | None = None) -> bytes:
    """The judgement scores as a sheet that :func:`import_qualitative` reads back."""
    kinds = {"得分 points": "figure"}
    columns = [Column(h, kinds.get(h, "text"), width=14) for h in QUALITATIVE_HEADERS]
    rows = (
        [
            f"{q.month:%Y-%m}",
            q.item_key,
            q.unit.code if q.unit_id else "",
            q.person.staff_no if q.person_id else "",
            q.unit.name if q.unit_id else q.person.name,
            q.points,
            q.reason,
        ]
        for q in scores.select_related("unit", "person").order_by("month", "item_key", "pk")
    )
    return _save(ListSheet("qualitative", columns, rows), path)


def import_qualitative(path: Path | str, *, user=None, name: str | None = None) -> int:
    """Judgement scores from a sheet: each needs a known item, 0 … its maximum, a reason."""
    name = name or Path(path).name
    sheet = _read(path, name, QUALITATIVE_HEADERS[:4] + QUALITATIVE_HEADERS[5:])
    maxima = judgement_maxima()
    errors: list[str] = []
    parsed = []
    for row, cells in sheet.rows:
        head = _row_head(sheet, row, cells, errors, user, "item")
        if head is None:
            continue
        month, item, unit, person = head
        raw = cells.get("points")
        try:
            points = Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            errors.append(f"{name}, row {row}, column points: expected a number, got {raw!r}")
            continue
        if points.is_finite() and points < 0:
            errors.append(f"{name}, row {row}, column points: must not be negative")
            continue
        problem = judgement_problem(item, points, maxima)
        if problem:
            errors.append(
                _("%(file)s, row %(row)s, column points: %(problem)s")
                % {"file": name, "row": row, "problem": problem}
            )
            continue
        reason = str(cells.get("reason") or "").strip()
        if not reason:
            errors.append(f"{name}, row {row}, column reason: a judgement needs a written reason")
            continue
        if unit is None and person is None:
            continue
        parsed.append((month, item, unit, person, points, reason))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for month, item, unit, person, points, reason in parsed:
            QualitativeScore.objects.update_or_create(
                month=month,
                item_key=item,
                unit=unit,
                person=person,
                defaults={"points": points, "reason": reason, "entered_by": user},
            )
    return len(parsed)


# --- a month's appraisal ------------------------------------------------------------------------


SCORE_COLUMNS = [
    Column("月份 month", width=10),
    Column("版本 version", "count", width=10),
    Column("状态 status", width=12),
    Column("对象 subject", width=24),
    Column("方案 scheme", width=22),
    Column("定量 quantitative", "number"),
    Column("定性 qualitative", "number"),
    Column("总分 total", "number"),
    Column("排名 rank", "rank", width=10),
    Column("参评数 peers", "count", width=10),
]
ITEM_COLUMNS = [
    Column("对象 subject", width=24),
    Column("项目 item", width=24),
    Column("权重 weight", "number"),
    Column("实际 actual", "figure"),
    Column("目标 target", "figure"),
    Column("完成率 completion", "percent"),
    Column("得分 points", "number"),
]
DERIVATION_COLUMNS = [
    Column("对象 subject", width=24),
    Column("层级 depth", "count", width=8),
    Column("项 label", width=36),
    Column("值 value", width=14),
    Column("单位 unit", width=10),
    Column("公式 formula", width=48),
    Column("来源 source", width=14),
    Column("说明 notes", width=30),
]


def export_appraisal(run: AppraisalRun, cards, path: Path | None = None) -> bytes:
    """Scores sheet (one row per card, best first within a scheme), an items sheet and
    a derivation sheet (every card's derivation rows); completion as a percentage."""
    cards = list(cards.select_related("unit", "person").order_by("scheme_code", "rank", "pk"))
    items_by_card: dict[int, dict[str, ItemScore]] = {}
    for item in ItemScore.objects.filter(card__in=cards).order_by("pk"):
        items_by_card.setdefault(item.card_id, {})[item.key] = item
    scores = [
        [
            f"{run.month:%Y-%m}",
            run.version,
            run.get_status_display(),
            _label(c),
            c.scheme_code,
            c.quantitative,
            c.qualitative,
            c.total,
            c.rank,
            c.peers,
        ]
        for c in cards
    ]
    items = [
        [
            _label(c),
            item.label,
            item.weight,
            item.actual,
            item.target,
            item.completion,
            item.points,
        ]
        for c in cards
        for item in items_by_card.get(c.pk, {}).values()
    ]
    derivation = [
        [
            _label(c),
            r["depth"],
            ("  " * r["depth"]) + r["label"],
            r["value"],
            r["unit"],
            r["formula"],
            r["source"],
            r["notes"],
        ]
        for c in cards
        if c.derivation
        for r in Derivation.from_dict(c.derivation).to_rows()
    ]
    return _save(
        [
            ListSheet("scores", SCORE_COLUMNS, scores, freeze_columns=4),
            ListSheet("items", ITEM_COLUMNS, items, freeze_columns=2),
            ListSheet("derivation", DERIVATION_COLUMNS, derivation, freeze_columns=1),
        ],
        path,
    )


def _label(card: ScoreCard) -> str:
    if card.unit_id:
        return f"{card.unit.code} {card.unit.name}"
    return f"{card.person.staff_no} {card.person.name}"
