"""Customer satisfaction surveys: responses entered one by one or imported from a
sheet, each scored out of 100 (``wangge.core.people.satisfaction``); a grid's score
for the month is the mean of its responses, banded as the appraisal bands it.

Writes are all or nothing and need ``people.satisfaction``; the grid must be in the
writer's scope and the customer, when named, one of that grid's customers at the
month's end. A customer answers a survey once a month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wangge.core.formatting import number
from wangge.core.months import month_end
from wangge.core.people import satisfaction as core
from wangge.org.models import Unit, UnitKind
from wangge.people.choices import BAND_LABELS, ResponseSource
from wangge.people.models import Question, Response, Survey
from wangge.people.refusals import PeopleRefused, need

MAX_PROBLEMS = 20


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("order", "code"))


def _core_questions(questions: list[Question]) -> list[core.Question]:
    return [core.Question(q.code, Fraction(str(q.weight))) for q in questions]


def _answer_message(p: core.AnswerProblem, texts: dict[str, str], scale: int) -> str:
    figures = {"question": texts.get(p.question, p.question), "value": p.value, "scale": scale}
    return {
        "unknown_question": _("%(question)s is not a question of this survey."),
        "missing": _("%(question)s has no answer."),
        "not_whole": _("%(question)s: the answer %(value)s is not a whole number."),
        "out_of_range": _("%(question)s: the answer %(value)s is not between 0 and %(scale)s."),
        "no_questions": _("The survey has no question: add its questions first."),
    }[p.code] % figures


def _grid_problem(user, grid: Unit | None) -> str:
    if grid is None or grid.kind != UnitKind.GRID:
        return _("not a grid")
    if not Unit.objects.visible_to(user).filter(pk=grid.pk).exists():
        return _("That grid is not in your scope.")
    return ""


def _customer_problem(user, customer, grid: Unit, month: date) -> str:
    from wangge.customers.models import Customer, CustomerGrid

    if customer is None:
        return ""
    if not Customer.objects.visible_to(user).filter(pk=customer.pk).exists():
        return _("That customer is not in your scope.")
    served = CustomerGrid.objects.as_of(month_end(month)).filter(customer=customer, grid=grid)
    if not served.exists():
        return _("%(customer)s is not a customer of %(grid)s at the end of %(month)s.") % {
            "customer": customer.code, "grid": grid.name, "month": f"{month:%Y-%m}"}  # fmt: skip
    return ""


def _answered(survey: Survey, month: date, customer) -> bool:
    if customer is None:
        return False
    return Response.objects.filter(survey=survey, month=month, customer=customer).exists()


@transaction.atomic
def record(user, survey: Survey, grid: Unit, month: date, answers: dict[str, Any],
           customer=None) -> Response:  # fmt: skip
    """One response, refused naming the field when an answer is off the scale, the grid
    or the customer out of scope, or the customer already answered this month."""
    need(user, "people.satisfaction")
    problem = _grid_problem(user, grid)
    if problem:
        raise PeopleRefused("grid", problem)
    problem = _customer_problem(user, customer, grid, month)
    if problem:
        raise PeopleRefused("customer", problem)
    if _answered(survey, month, customer):
        raise PeopleRefused("customer", _("%(customer)s already answered %(survey)s for %(month)s.")
                            % {"customer": customer.code, "survey": survey.name,
                               "month": f"{month:%Y-%m}"})  # fmt: skip
    questions = questions_of(survey)
    texts = {q.code: q.text for q in questions}
    found = core.problems(_core_questions(questions), answers, survey.scale)
    if found:
        p = found[0]
        raise PeopleRefused(f"answer-{p.question}", _answer_message(p, texts, survey.scale))
    return _save(user, survey, grid, month, answers, customer, questions, ResponseSource.ENTERED)


def _save(user, survey, grid, month, answers, customer, questions, source) -> Response:
    score = core.response_score(_core_questions(questions), answers, survey.scale)
    return Response.objects.create(
        survey=survey, grid=grid, month=month, customer=customer, source=source,
        answers={q.code: answers[q.code] for q in questions}, recorded_by=user,
        score=Decimal(number(score, 2).replace(",", "")),
    )  # fmt: skip


# --- the sheet ---------------------------------------------------------------------------

GRID_HEADERS = {"grid", "网格", "网格编码", "grid code"}
CUSTOMER_HEADERS = {"customer", "客户", "客户编码", "customer code"}


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).lower()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _answer(value: Any) -> Any:
    """A sheet's cell as the answer: whole numbers as int, anything else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


@dataclass(frozen=True)
class Imported:
    responses: int
    grids: int


def import_sheet(user, survey: Survey, month: date, source, name: str) -> Imported:
    """The sheet's rows as responses for ``month``: columns 网格编码 (grid code),
    optionally 客户编码 (customer code), and one per question (its code or its text).
    Every problem is named by file, row and column; nothing is written if any."""
    from openpyxl import load_workbook

    from wangge.customers.models import Customer

    need(user, "people.satisfaction")
    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise PeopleRefused("file", _("%(file)s: not an Excel workbook (.xlsx)")
                            % {"file": name}) from exc  # fmt: skip
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = [_norm(h) for h in (rows[0] if rows else ())]
    questions = questions_of(survey)
    texts = {q.code: q.text for q in questions}
    column = {}
    for i, h in enumerate(header):
        for q in questions:
            if h in (_norm(q.code), _norm(q.text)):
                column.setdefault(q.code, i)
        if h in GRID_HEADERS:
            column.setdefault("grid", i)
        if h in CUSTOMER_HEADERS:
            column.setdefault("customer", i)
    missing = [texts.get(k, k) for k in ["grid", *texts] if k not in column]
    if missing:
        names = ", ".join(_("grid code") if k == "grid" else k for k in missing)
        raise PeopleRefused("file", _("%(file)s, row 1: no column %(column)s")
                            % {"file": name, "column": names})  # fmt: skip
    grids = {u.code: u for u in Unit.objects.filter(kind=UnitKind.GRID)}
    problems: list[str] = []
    seen: set[int] = set()
    ready = []

    def refuse(row: int, col: str, message: str) -> None:
        where = {"file": name, "row": row, "column": col, "why": message}
        problems.append(_("%(file)s, row %(row)s, column %(column)s: %(why)s") % where)

    for n, row in enumerate(rows[1:], start=2):
        cell = {k: (row[i] if i < len(row) else None) for k, i in column.items()}
        if all(_text(v) == "" for v in cell.values()):
            continue
        grid = grids.get(_text(cell["grid"]))
        problem = _grid_problem(user, grid)
        if problem:
            refuse(n, _("grid code"), f"{_text(cell['grid']) or '—'}: {problem}")
            continue
        customer = None
        code = _text(cell.get("customer"))
        if code:
            customer = Customer.objects.filter(code=code).first()
            problem = (_("no such customer") if customer is None
                       else _customer_problem(user, customer, grid, month))  # fmt: skip
            if not problem and (customer.pk in seen or _answered(survey, month, customer)):
                problem = _("already answered this survey for %(month)s") % {
                    "month": f"{month:%Y-%m}"}  # fmt: skip
            if problem:
                refuse(n, _("customer code"), f"{code}: {problem}")
                continue
            seen.add(customer.pk)
        answers = {q.code: _answer(cell[q.code]) for q in questions}
        found = core.problems(_core_questions(questions), answers, survey.scale)
        for p in found:
            refuse(n, texts.get(p.question, p.question), _answer_message(p, texts, survey.scale))
        if not found:
            ready.append((grid, customer, answers))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise PeopleRefused("file", "；".join(problems[:MAX_PROBLEMS]))
    if not ready:
        raise PeopleRefused("file", _("%(file)s has no response rows.") % {"file": name})
    with transaction.atomic():
        for grid, customer, answers in ready:
            _save(user, survey, grid, month, answers, customer, questions,
                  ResponseSource.IMPORTED)  # fmt: skip
    return Imported(len(ready), len({g.pk for g, _c, _a in ready}))


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GridRow:
    grid: Unit
    responses: int
    score: Fraction

    @property
    def band(self) -> str:
        return str(BAND_LABELS[core.band(self.score)])


def _answered_rows(qs) -> list[core.Answered]:
    return [
        core.Answered(grid, ("customer", customer) if customer else ("response", pk),
                      Fraction(str(score)))
        for pk, grid, customer, score in qs.order_by("pk").values_list(
            "pk", "grid_id", "customer_id", "score")
    ]  # fmt: skip


def grid_results(user, month: date, *, company: bool = False) -> list[GridRow]:
    """The month's score per grid the viewer sees (all grids for the company's feed)."""
    qs = Response.objects.all() if company else Response.objects.visible_to(user)
    results = core.by_grid(_answered_rows(qs.filter(month=month)))
    units = Unit.objects.in_bulk([r.grid for r in results])
    return [GridRow(units[r.grid], r.responses, r.score) for r in results]


def core_results(month: date) -> list[core.GridResult]:
    """Every grid's result of the month, as the core computes it (for the feed)."""
    return core.by_grid(_answered_rows(Response.objects.filter(month=month)))
