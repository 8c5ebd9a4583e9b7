"""The month-end close as plain data: who is appraised, on which figures, and why.

The shell gathers the month (analytics figures per grid and per person, targets,
figures entered by hand, judgement scores, the schemes) into :class:`Subject`
records and calls :func:`close_month`; everything it returns is plain data it
stores as it is. Keeping this here means the rules (which subject needs which
scheme, how an actual is read off the month's components, how a person's target
follows from their units', what a refusal says) are tested without a database.

Choices (documented for the product):

* **Who is appraised.** Every grid (role ``grid``), and every person whose post
  has at least one scheme in the catalogue. A grid without a scheme in force is
  refused; so is a person whose post has schemes but none in force that month.
  Posts nobody wrote a scheme for (e.g. the marketing department) are simply
  not appraised.
* **Actuals** of the five rates are recomputed *exactly* from the month's
  integer components (the same definitions and options as ``wangge.core.rates``),
  so the derivation shows every number: "churned 22 × 2 / (2247 + 2263) =
  0.9756 %". Indicators the analytics store does not hold (satisfaction, visit
  coverage …) come from figures entered by hand for the month.
* **Targets** are integers: counts, cents, or ratios in ten-thousandths
  (``measure`` "ratio": 150 means 1.5 % for a percentage indicator, 4.5 for
  input-output stored as 45000). A person without a target of their own takes
  the target of the units they are assigned to (summed for counts and cents,
  averaged for ratios), because the analytics layer judges a person on every
  grid under those units.
* **Development** (发展完成率) reads the target ``development`` if the subject
  has one (actual: all valid new adds); otherwise the product-line targets
  ``new_adds.<line>`` (actual: the valid new adds of those lines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from wangge.core import formatting
from wangge.core.explain import Derivation, Fact, Words, format_number, term
from wangge.core.months import month_end, month_start
from wangge.core.rates import LINE_COMPONENTS, Period, RateOptions, parse_unavailable
from wangge.core.schema import POST_NAMES
from wangge.core.scoring import (
    Judgement,
    LinePart,
    Measurement,
    Problem,
    Scheme,
    ScoreCard,
    ScoreInput,
    ValidationFailed,
    score_run_iter,
    select_scheme,
    validate_inputs,
    validate_scheme,
)
from wangge.core.scoring import (
    Subject as ScoringSubject,
)
from wangge.core.scoring.wording import of_line, plus

__all__ = [
    "CENTS",
    "COUNT",
    "RATIO",
    "RATIO_SCALE",
    "ClosePlan",
    "CloseResult",
    "ClosedCard",
    "ManualFigure",
    "Subject",
    "TargetValue",
    "actual_for",
    "assign_schemes",
    "close_month",
    "closed_cards",
    "combine_targets",
    "diff_cards",
    "month_end",
    "month_start",
    "plan_close",
    "subject_inputs",
    "target_display",
]

COUNT = "count"
CENTS = "cents"
RATIO = "ratio"
POINTS = "points"
#: ratio targets are stored as integers in ten-thousandths (万分之)
RATIO_SCALE = 10_000

#: indicators read from the analytics figures, and whether they are shown in %
PERCENT_RATES = {"revenue_growth", "arrears", "churn", "broadband_penetration", "market_share"}
FIGURE_INDICATORS = PERCENT_RATES | {"development", "input_output", "revenue", "arpu"}
LINES = tuple(c.removeprefix("valid_new_adds_") for c in LINE_COMPONENTS)
#: the rate of the analytics figures each figure indicator is read from
INDICATOR_RATES = {
    "revenue_growth": "revenue_growth",
    "development": "valid_add_share",
    "arrears": "arrears_rate",
    "churn": "churn_rate",
    "input_output": "input_output",
    "arpu": "arpu_cents",
    "revenue": "arpu_cents",
    "broadband_penetration": "broadband_penetration",
    "market_share": "market_share",
}


def _na(key: str, **more: str) -> dict[str, str]:
    return {"key": key, **more}


def _yuan(cents: int) -> str:
    """Money in a derivation as people read it (``wangge.core.formatting``): ¥1,234.50."""
    return formatting.yuan(cents)


# --- inputs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetValue:
    """A stored target: integer value, its measure, and where it came from."""

    value: int
    measure: str = COUNT
    source: str = ""
    derivation: Derivation | None = None


@dataclass(frozen=True)
class ManualFigure:
    """An actual that does not come from billing (a survey, an audit), with its source."""

    value: Fraction | int | str
    source: str = ""


@dataclass(frozen=True)
class Subject:
    """A unit or person to appraise, with everything the month holds for it.

    ``key`` names it in messages and ranks ("370102-G001 历下济泺路网格"); it must be
    unique in the close. ``figures`` is its row of the analytics figures (None:
    no facts reached it this month). ``no_grid`` marks a person whose units hold
    no grid on the month's last day (a virtual community): nothing to judge them
    on, so the close skips them and says so.
    """

    key: str
    kind: str  # "unit" | "person"
    ref: int
    role: str
    label: str
    grid_class: str | None = None
    phase: str | None = None
    figures: Mapping[str, Any] | None = None
    targets: Mapping[str, TargetValue] = field(default_factory=dict)
    manual: Mapping[str, ManualFigure] = field(default_factory=dict)
    judgements: Mapping[str, Judgement] = field(default_factory=dict)
    no_grid: bool = False


def combine_targets(parts: Sequence[tuple[str, TargetValue]]) -> TargetValue | None:
    """A person's target from the targets of the units they answer for.

    Counts and cents add up (the person answers for all those grids); ratios are
    averaged without weights, exactly, and rounded half-up to a whole
    ten-thousandth. The derivation lists each unit's part.
    """
    if not parts:
        return None
    if len(parts) == 1:
        label, t = parts[0]
        return TargetValue(t.value, t.measure, Words("target.of", unit=label), t.derivation)
    measure = parts[0][1].measure
    if any(t.measure != measure for _, t in parts):
        raise ValueError("a person's units have targets in different measures")
    facts = tuple(Fact(label, t.value, t.source) for label, t in parts)
    values = [t.value for _, t in parts]
    if measure == RATIO:
        exact = Fraction(sum(values), len(values))
        value = int(exact + Fraction(1, 2)) if exact >= 0 else -int(-exact + Fraction(1, 2))
        formula = f"({' + '.join(map(str, values))}) / {len(values)} = {format_number(exact)}"
        how = term("average of the units' targets")
    else:
        value = sum(values)
        formula = " + ".join(map(str, values)) + f" = {value}"
        how = term("sum of the units' targets")
    derivation = Derivation("target", value, formula, facts, (how,))
    return TargetValue(value, measure, how, derivation)


def target_display(t: TargetValue, percent: bool) -> Fraction:
    """The target on the scale the indicator is scored on (%, a plain ratio, a count)."""
    if t.measure == RATIO:
        return Fraction(t.value, 100 if percent else RATIO_SCALE)
    return Fraction(t.value)


def _c(row: Mapping[str, Any], name: str) -> int:
    value = row.get(name)
    return int(value) if value is not None else 0


def actual_for(
    key: str,
    row: Mapping[str, Any] | None,
    options: RateOptions,
    *,
    lines: Sequence[str] = (),
    month: dt.date | None = None,
) -> tuple[Fraction | None, Derivation | None]:
    """The exact actual of a figure indicator and how it came about.

    None when the figures hold no value: no row (refused by the close), or not
    applicable, when a month the figure needs is not in the store or its
    denominator is zero; the derivation then carries the structured ``reason``
    (``month_missing``, ``no_base_revenue`` … with the month) and the close scores
    the item by the scheme's not-applicable rule. ``lines`` restricts development
    to product lines; ``month`` (the month closed) names the base month.
    """
    if row is None:
        return None, None
    missing = parse_unavailable(row.get("unavailable")).get(INDICATOR_RATES.get(key, ""))
    if missing is not None:
        return None, Derivation(
            key,
            "—",
            Words("actual.month_missing", month=missing),
            reason=_na("month_missing", month=missing),
        )
    if key == "development":
        if lines:
            parts = [(line, _c(row, f"valid_new_adds_{line}")) for line in lines]
            value = sum(v for _, v in parts)
            return Fraction(value), Derivation(
                "valid new adds",
                value,
                Words(
                    "points.per_line_sum",
                    parts=plus([of_line(v, line) for line, v in parts]),
                    total=str(value),
                ),
                tuple(
                    Fact(
                        Words("item.line", label=term("valid new adds"), line=term(line)),
                        v,
                        "billing",
                    )
                    for line, v in parts
                ),
                _validity_notes(row, options),
            )
        value = _c(row, "valid_new_adds")
        return Fraction(value), Derivation(
            "valid new adds",
            value,
            Words(
                "actual.valid_of_judged", valid=str(value), judged=str(_c(row, "judged_new_adds"))
            ),
            (
                Fact("new adds judged this month", _c(row, "judged_new_adds"), "billing"),
                Fact("of them valid", value, "billing"),
            ),
            _validity_notes(row, options),
        )
    if key == "revenue_growth":
        billed, base = _c(row, "billed_cents"), _c(row, "billed_base_cents")
        what = term(
            "same period last year"
            if options.growth_base == "last_year"
            else "the period just before"
        )
        facts = (
            Fact("billed revenue", _yuan(billed), "billing"),
            Fact(Words("actual.billed_base", base=what), _yuan(base), "billing"),
        )
        if base == 0:
            base_month = (
                f"{Period.month(month, options).growth_base_months[0]:%Y-%m}" if month else ""
            )
            return None, Derivation(
                "revenue growth",
                "—",
                Words("actual.no_base_revenue", month=base_month),
                facts,
                unit="%",
                reason=_na("no_base_revenue", month=base_month),
            )
        value = Fraction(billed - base, base) * 100
        return value, Derivation(
            "revenue growth",
            value,
            Words(
                "actual.growth",
                billed=_yuan(billed),
                base=_yuan(base),
                value=format_number(value),
            ),
            facts,
            (Words("actual.growth_against", base=what),),
            "%",
        )
    if key == "arrears":
        arrears, billed = _c(row, "arrears_cents"), _c(row, "billed_cents")
        facts = (
            Fact("arrears balance at month end", _yuan(arrears), "billing"),
            Fact("billed revenue of the month", _yuan(billed), "billing"),
        )
        if billed == 0:
            return None, Derivation(
                "arrears rate",
                "—",
                term("nothing billed"),
                facts,
                unit="%",
                reason=_na("nothing_billed"),
            )
        value = Fraction(arrears, billed) * 100
        return value, Derivation(
            "arrears rate",
            value,
            Words(
                "actual.percent_of",
                num=_yuan(arrears),
                den=_yuan(billed),
                value=format_number(value),
            ),
            facts,
            (),
            "%",
        )
    if key == "churn":
        d, c, s = (
            _c(row, "churned_disconnected"),
            _c(row, "churned_cancelled"),
            _c(row, "churned_suspended"),
        )
        churned = d + c + s
        opening, closing = _c(row, "subscribers_open"), _c(row, "subscribers_close")
        facts = [
            Fact("disconnected", d, "billing"),
            Fact("cancelled", c, "billing"),
        ]
        if options.churn_suspended_over_90:
            facts.append(Fact("suspended, arrears over 90 days", s, "billing"))
        facts += [
            Fact("in service at the end of last month", opening, "billing"),
            Fact("in service at the end of this month", closing, "billing"),
        ]
        if options.churn_base == "average":
            den = Fraction(opening + closing, 2)
            rule = "actual.churn_average"
            note = term("base: average of opening and closing subscribers")
        else:
            den = Fraction(opening)
            rule = "actual.churn_opening"
            note = term("base: opening subscribers")
        if den == 0:
            return None, Derivation(
                "churn rate",
                "—",
                term("no subscribers"),
                tuple(facts),
                unit="%",
                reason=_na("no_subscribers"),
            )
        value = Fraction(churned) / den * 100
        return value, Derivation(
            "churn rate",
            value,
            Words(
                rule,
                churned=str(churned),
                opening=str(opening),
                closing=str(closing),
                value=format_number(value),
            ),
            tuple(facts),
            (note, Words("actual.churned", churned=str(churned))),
            "%",
        )
    if key == "input_output":
        rev, cost = _c(row, "attributable_cents"), _c(row, "marketing_input_cents")
        facts = (
            Fact("attributable revenue", _yuan(rev), "billing"),
            Fact("commission", _yuan(_c(row, "commission_cents")), "marketing input"),
            Fact("subsidy", _yuan(_c(row, "subsidy_cents")), "marketing input"),
            Fact("promotion", _yuan(_c(row, "promotion_cents")), "marketing input"),
            Fact("direct labour", _yuan(_c(row, "labour_cents")), "marketing input"),
        )
        if cost == 0:
            return None, Derivation(
                "input-output ratio",
                "—",
                term("no marketing input"),
                facts,
                reason=_na("no_marketing_input"),
            )
        if options.input_output == "ratio":
            value = Fraction(rev, cost)
            formula = f"{_yuan(rev)} / {_yuan(cost)} = {format_number(value)}"
        else:
            value = Fraction(rev - cost, cost)
            formula = f"({_yuan(rev)} − {_yuan(cost)}) / {_yuan(cost)} = {format_number(value)}"
        return value, Derivation("input-output ratio", value, formula, facts)
    if key == "revenue":
        billed = _c(row, "billed_cents")
        return Fraction(billed), Derivation(
            "billed revenue", billed, _yuan(billed), (Fact("billed", billed, "billing"),)
        )
    if key == "arpu":
        billed, months = _c(row, "billed_cents"), _c(row, "billed_subscriber_months")
        if months == 0:
            return None, Derivation(
                "ARPU", "—", term("no billed subscriptions"), reason=_na("no_billed_subscriptions")
            )
        value = Fraction(billed, months)
        return value, Derivation(
            "ARPU",
            value,
            f"{_yuan(billed)} / {months} = {_yuan(formatting.mean_cents(billed, months))}",
        )
    if key in ("broadband_penetration", "market_share"):
        if key == "broadband_penetration":
            num, den = _c(row, "broadband_households"), _c(row, "households")
            labels = ("households with broadband", "households")
        else:
            num = _c(row, "customers_ours")
            den = num + _c(row, "customers_competitor")
            labels = ("customers registered as ours", "ours and competitors'")
        facts = (Fact(labels[0], num, "register"), Fact(labels[1], den, "register"))
        if den == 0:
            return None, Derivation(
                key,
                "—",
                Words("actual.no_base", what=term(labels[1])),
                facts,
                unit="%",
                reason=_na(f"no_{key}_base"),
            )
        value = Fraction(num, den) * 100
        return value, Derivation(
            key,
            value,
            Words("actual.percent_of", num=str(num), den=str(den), value=format_number(value)),
            facts,
            unit="%",
        )
    raise KeyError(key)


def _line_label(label: str, line: str) -> Words:
    return Words("item.line", label=term(label), line=term(line))


def _validity_notes(row: Mapping[str, Any], options: RateOptions) -> tuple[Words, ...]:
    return (
        Words("actual.valid_rule", month=str(options.valid_add_month)),
        Words("actual.started", count=str(_c(row, "new_adds"))),
    )


def _development_lines(subject: Subject) -> tuple[str, ...]:
    if "development" in subject.targets:
        return ()
    return tuple(line for line in LINES if f"new_adds.{line}" in subject.targets)


def _development_target(subject: Subject) -> TargetValue | None:
    if "development" in subject.targets:
        return subject.targets["development"]
    lines = _development_lines(subject)
    if not lines:
        return None
    parts = [subject.targets[f"new_adds.{line}"] for line in lines]
    value = sum(t.value for t in parts)
    return TargetValue(
        value,
        COUNT,
        term("sum of the product-line targets"),
        Derivation(
            "target",
            value,
            Words(
                "points.per_line_sum",
                parts=plus([of_line(t.value, line) for line, t in zip(lines, parts, strict=True)]),
                total=str(value),
            ),
            tuple(
                t.derivation or Fact(_line_label("target", line), t.value, t.source)
                for line, t in zip(lines, parts, strict=True)
            ),
        ),
    )


@dataclass(frozen=True)
class _Prepared:
    inp: ScoreInput
    actuals: dict[str, Derivation | None]
    targets: dict[str, TargetValue | None]
    values: dict[str, tuple[Fraction | None, Fraction | None]]


def _line_parts(subject: Subject, options: RateOptions) -> tuple[LinePart, ...]:
    """Development per product line (the default): each line with a target is its own
    part, equal shares of the item's weight. Pooled (option) or a single ``development``
    target: no parts, the item is scored on the sum."""
    if options.development != "per_line" or subject.figures is None:
        return ()
    lines = [
        line for line in _development_lines(subject) if subject.targets[f"new_adds.{line}"].value
    ]
    if len(lines) < 2:
        return ()
    share = Fraction(1, len(lines))
    return tuple(
        LinePart(
            line,
            subject.targets[f"new_adds.{line}"].value,
            _c(subject.figures, f"valid_new_adds_{line}"),
            share,
        )
        for line in lines
    )


def subject_inputs(
    subject: Subject, scheme: Scheme, options: RateOptions, month: dt.date | None = None
) -> _Prepared:
    """The scoring input of one subject under one scheme, with each number's derivation."""
    measurements: dict[str, Measurement] = {}
    actuals: dict[str, Derivation | None] = {}
    targets: dict[str, TargetValue | None] = {}
    values: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    for ind in scheme.indicators:
        percent = ind.key in PERCENT_RATES or ind.unit == "%"
        if ind.key in FIGURE_INDICATORS:
            lines = _development_lines(subject) if ind.key == "development" else ()
            actual, why = actual_for(ind.key, subject.figures, options, lines=lines, month=month)
            source = "billing"
        elif ind.key in subject.manual:
            mf = subject.manual[ind.key]
            actual = Fraction(str(mf.value)) if not isinstance(mf.value, Fraction) else mf.value
            why = Derivation(ind.label, actual, "", (Fact("entered", actual, mf.source),))
            source = mf.source or "entered"
        else:
            actual, why, source = None, None, ""
        t = _development_target(subject) if ind.key == "development" else None
        t = t or subject.targets.get(ind.key)
        target = target_display(t, percent) if t is not None else None
        na = why.reason if actual is None and why is not None and why.reason else None
        parts = _line_parts(subject, options) if ind.key == "development" and not na else ()
        measurements[ind.key] = Measurement(
            target=target,
            actual=actual,
            source=source,
            unit="%" if percent else ind.unit,
            not_applicable=na,
            parts=parts,
        )
        actuals[ind.key] = why
        targets[ind.key] = t
        values[ind.key] = (actual, target)
    inp = ScoreInput(
        unit_id=subject.key,
        measurements=measurements,
        judgements=dict(subject.judgements),
        label=subject.label,
    )
    return _Prepared(inp, actuals, targets, values)


# --- the close ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosedCard:
    """A scored subject: the core's card with derivations completed, plus what fed it."""

    subject: Subject
    scheme: Scheme
    card: ScoreCard
    values: Mapping[str, tuple[Fraction | None, Fraction | None]]


@dataclass(frozen=True)
class CloseResult:
    month: dt.date
    cards: tuple[ClosedCard, ...]
    schemes: Mapping[str, Scheme]
    skipped: tuple[tuple[str, str], ...] = ()


def skipped_subjects(
    subjects: Sequence[Subject], schemes: Sequence[Scheme]
) -> list[tuple[str, str]]:
    """Who the close leaves out and why (shown on the run page, never silently)."""
    roles = {s.role for s in schemes}
    out = []
    for s in subjects:
        if s.kind != "person":
            continue
        if s.role not in roles:
            out.append(
                (s.key, Words("skipped.no_scheme", post=term(POST_NAMES.get(s.role, s.role))))
            )
        elif s.no_grid:
            out.append((s.key, term("answers for no grid on the month's last day")))
    return out


def _enrich(
    card: ScoreCard, prepared: _Prepared, targets_source: Mapping[str, TargetValue | None]
) -> ScoreCard:
    """Put the actual's and the target's own derivations where the card had plain facts."""
    items = []
    for item in card.items:
        why_actual = prepared.actuals.get(item.key)
        t = targets_source.get(item.key)
        inputs = []
        for inp in item.derivation.inputs:
            if isinstance(inp, Fact) and inp.label == "actual" and why_actual is not None:
                inputs.append(replace(why_actual, label="actual"))
            elif isinstance(inp, Fact) and inp.label == "target" and t is not None:
                notes = (Words("target.source", source=term(t.source)),) if t.source else ()
                if t.derivation is not None:
                    inputs.append(
                        replace(
                            t.derivation,
                            label="target",
                            value=inp.value,
                            notes=(*t.derivation.notes, *notes),
                        )
                    )
                else:
                    inputs.append(Derivation("target", inp.value, "", (), notes, inp.unit))
            else:
                inputs.append(inp)
        items.append(replace(item, derivation=replace(item.derivation, inputs=tuple(inputs))))
    derivation = replace(card.derivation, inputs=tuple(i.derivation for i in items))
    return replace(card, items=tuple(items), derivation=derivation)


def assign_schemes(
    month: dt.date,
    subjects: Sequence[Subject],
    schemes: Sequence[Scheme],
    *,
    billing_months: Sequence[dt.date] | None = None,
) -> tuple[dict[str, list[Subject]], dict[str, Scheme], list[Problem]]:
    """The checks that need no figures: billing facts present, a scheme for every
    subject, every scheme in use well formed. Run before the expensive part so a
    refusal comes at once and nothing is computed for a month that cannot close.
    """
    month = month_start(month)
    on = month_end(month)
    problems: list[Problem] = []
    if billing_months is not None and month not in set(billing_months):
        problems.append(
            Problem(
                f"month {month:%Y-%m}",
                "",
                "billing",
                f"no billing facts for {month:%Y-%m}: load the month before closing it",
            )
        )
    keys = [s.key for s in subjects]
    for dup in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(Problem("", dup, "subject", "listed twice"))
    roles_with_schemes = {s.role for s in schemes}
    chosen: dict[str, list[Subject]] = {}
    by_code: dict[str, Scheme] = {}
    for subject in subjects:
        if subject.kind == "person" and (subject.role not in roles_with_schemes or subject.no_grid):
            continue  # a post nobody wrote a scheme for, or nobody's grid: not appraised
        try:
            scheme = select_scheme(
                schemes,
                ScoringSubject(subject.key, subject.role, subject.grid_class, subject.phase),
                on,
            )
        except LookupError as exc:
            problems.append(Problem(f"role {subject.role}", subject.key, "scheme", str(exc)))
            continue
        chosen.setdefault(scheme.code, []).append(subject)
        by_code[scheme.code] = scheme
    for code in sorted(by_code):
        problems.extend(validate_scheme(by_code[code]))
    return chosen, by_code, problems


@dataclass(frozen=True)
class ClosePlan:
    """A month that passed every check: each scheme's subjects with their scoring
    inputs, ready to be scored (:func:`closed_cards`)."""

    month: dt.date
    schemes: Mapping[str, Scheme]
    rows: Mapping[str, Sequence[tuple[Subject, _Prepared]]]
    skipped: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        """How many cards the close will give."""
        return sum(len(rows) for rows in self.rows.values())


def plan_close(
    month: dt.date,
    subjects: Sequence[Subject],
    schemes: Sequence[Scheme],
    *,
    options: RateOptions | None = None,
    billing_months: Sequence[dt.date] | None = None,
) -> ClosePlan:
    """Every check of :func:`close_month`, before anything is scored; refuses with
    :class:`ValidationFailed` naming every problem."""
    options = options or RateOptions()
    month = month_start(month)
    chosen, by_code, problems = assign_schemes(
        month, subjects, schemes, billing_months=billing_months
    )
    prepared: dict[str, list[tuple[Subject, _Prepared]]] = {}
    for code, members in sorted(chosen.items()):
        scheme = by_code[code]
        if validate_scheme(scheme):
            continue
        rows = [(s, subject_inputs(s, scheme, options, month)) for s in members]
        problems.extend(validate_inputs(scheme, [p.inp for _, p in rows]))
        prepared[code] = rows
    if problems:
        raise ValidationFailed(problems)
    return ClosePlan(month, by_code, prepared, tuple(skipped_subjects(subjects, schemes)))


def closed_cards(plan: ClosePlan, *, places: int = 2) -> Iterator[ClosedCard]:
    """The plan's cards one at a time, scheme by scheme (in code order), each ranked
    among its scheme's subjects: a caller writing them as they come holds one card,
    not the month."""
    for code in sorted(plan.rows):
        scheme, rows = plan.schemes[code], plan.rows[code]
        scored = score_run_iter(scheme, [p.inp for _, p in rows], places=places)
        for (subject, prep), card in zip(rows, scored, strict=True):
            yield ClosedCard(subject, scheme, _enrich(card, prep, prep.targets), prep.values)


def close_month(
    month: dt.date,
    subjects: Sequence[Subject],
    schemes: Sequence[Scheme],
    *,
    options: RateOptions | None = None,
    billing_months: Sequence[dt.date] | None = None,
    places: int = 2,
) -> CloseResult:
    """Validate everything, then score every subject by the scheme in force, ranked per scheme.

    Refuses with :class:`ValidationFailed` before scoring anything when: the
    month has no billing facts (``billing_months`` given and missing the month),
    a scheme in use is malformed (weights ≠ total, floor above cap …), a subject
    has no scheme in force, or a subject's inputs are unusable (zero or negative
    target on a ratio, missing actual or judgement). Every problem names the
    scheme, the unit or person, and the field. (:func:`plan_close` and
    :func:`closed_cards` are the same close for a caller that streams the cards.)
    """
    plan = plan_close(month, subjects, schemes, options=options, billing_months=billing_months)
    cards = tuple(closed_cards(plan, places=places))
    return CloseResult(plan.month, cards, plan.schemes, plan.skipped)


# --- versions ------------------------------------------------------------------------------


def diff_cards(
    old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """What moved between two versions of a month, one entry per subject that changed.

    ``old`` and ``new`` map a subject key to ``{"label", "total", "rank",
    "items": {key: points}}``. A subject present in only one version is listed
    as added or removed. Totals and ranks are compared as shown (2 decimals).
    """
    out: list[dict[str, Any]] = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            present = b if a is None else a
            out.append(
                {
                    "subject": key,
                    "label": present.get("label", key),
                    "change": "added" if a is None else "removed",
                    "old_total": None if a is None else a["total"],
                    "new_total": None if b is None else b["total"],
                    "old_rank": None if a is None else a["rank"],
                    "new_rank": None if b is None else b["rank"],
                    "items": {},
                }
            )
            continue
        items = {}
        for item in sorted(set(a.get("items", {})) | set(b.get("items", {}))):
            pa_, pb = a.get("items", {}).get(item), b.get("items", {}).get(item)
            if pa_ != pb:
                items[item] = [pa_, pb]
        if a["total"] != b["total"] or a["rank"] != b["rank"] or items:
            out.append(
                {
                    "subject": key,
                    "label": b.get("label", key),
                    "change": "changed",
                    "old_total": a["total"],
                    "new_total": b["total"],
                    "old_rank": a["rank"],
                    "new_rank": b["rank"],
                    "items": items,
                }
            )
    return out
