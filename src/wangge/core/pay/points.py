"""Points schemes (积分): pay per product sold, clawed back when the sale does not last.

A scheme gives points per product and channel, each rule with effective dates.
Points are paid either at a fixed value per point or as a share of a points
pool (``split_exact`` of the pool by points). If the customer churns, or the add
proves invalid, within the clawback window after the sale, the paid amount comes
back as a negative line on the payslip of the later month in which the event is
processed, naming the original sale.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from wangge.core.money import split_exact
from wangge.core.months import add_months, month_start, same_day_months_later
from wangge.core.pay import wording
from wangge.core.pay.common import (
    CLAWBACK,
    POINTS,
    Exact,
    Id,
    PayLine,
    Working,
    exact,
    money,
    round_half_up,
)


@dataclass(frozen=True)
class PointsRule:
    """Points for one product sold through one channel kind, for a date range.

    ``channel`` ``None`` means any channel; a rule naming the channel wins over an
    any-channel rule. ``valid_to`` is exclusive, ``None`` open-ended.
    """

    product: str
    points: Exact
    valid_from: date
    valid_to: date | None = None
    channel: str | None = None


@dataclass(frozen=True)
class PointsScheme:
    """How points turn into money.

    ``mode`` "fixed": each point is worth ``cents_per_point`` (a sale's amount is
    rounded half-up to the cent). "pool": a month's points pool is split over the
    month's sales by points. ``clawback_months``: the window after the sale date in
    which churn or an invalid add takes the money back.
    """

    name: str
    rules: Sequence[PointsRule]
    mode: str = "fixed"
    cents_per_point: int = 0
    clawback_months: int = 3


@dataclass(frozen=True, slots=True)
class Sale:
    """One subscription sold by one person (from the subscription's sold_by)."""

    subscription_id: Id
    person_id: Id
    product: str
    sale_date: date
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class SalePoints:
    sale: Sale
    points: Fraction
    rule: PointsRule | None  # None: no rule covers the sale, no points


@dataclass(frozen=True, slots=True)
class PaidSale:
    """A sale's points paid in ``paid_month``: what a clawback takes back."""

    sale: Sale
    points: Fraction
    cents: int
    paid_month: date  # first day of the month whose payslip carried it
    scheme: str
    clawback_months: int = 3  # the scheme's window, remembered with the payment


@dataclass(frozen=True, slots=True)
class SaleEvent:
    """Something that undoes a sale: ``kind`` "churn" or "invalid"."""

    subscription_id: Id
    event_date: date
    kind: str = "churn"


class PointsError(ValueError):
    """A points scheme or payment request that cannot be honoured."""


def _rule_for(scheme: PointsScheme, sale: Sale) -> PointsRule | None:
    found: list[PointsRule] = []
    for r in scheme.rules:
        if r.product != sale.product:
            continue
        if not (
            r.valid_from <= sale.sale_date and (r.valid_to is None or sale.sale_date < r.valid_to)
        ):
            continue
        if r.channel is not None and r.channel != sale.channel:
            continue
        found.append(r)
    if not found:
        return None
    specific = [r for r in found if r.channel is not None] or found
    if len(specific) > 1:
        raise PointsError(
            f"scheme {scheme.name}: {len(specific)} rules overlap for product {sale.product!r}"
            f" channel {sale.channel!r} on {sale.sale_date}"
        )
    return specific[0]


def compute_points(scheme: PointsScheme, sales: Iterable[Sale]) -> list[SalePoints]:
    """Points for each sale under the rule in force on its sale date."""
    out = []
    for s in sales:
        rule = _rule_for(scheme, s)
        pts = exact(rule.points, f"points of {rule.product}") if rule else Fraction(0)
        out.append(SalePoints(s, pts, rule))
    return out


def pay_points(
    scheme: PointsScheme,
    month: date,
    points: Sequence[SalePoints],
    pool_cents: int | None = None,
) -> tuple[list[PaidSale], list[PayLine]]:
    """Money for a month's points: per sale (kept for clawbacks) and per person lines.

    Fixed mode: sale cents = round_half_up(points × cents_per_point). Pool mode:
    ``pool_cents`` split by points with ``split_exact``, so the sales take the pool
    exactly (an empty month leaves the pool unspent). One ``points`` line per person.
    """
    month = month_start(month)
    if scheme.mode == "fixed":
        value = money(scheme.cents_per_point, "cents per point")
        cents = [round_half_up(sp.points * value) for sp in points]
        formula = wording.POINTS_FIXED
        inputs = {"cents_per_point": value}
    elif scheme.mode == "pool":
        if pool_cents is None:
            raise PointsError(f"scheme {scheme.name}: pool mode needs pool_cents")
        money(pool_cents, "points pool")
        total_points = sum((sp.points for sp in points), Fraction(0))
        if total_points == 0:
            cents = [0] * len(points)
        else:
            cents = split_exact(pool_cents, [sp.points for sp in points])
        formula = wording.POINTS_POOL
        inputs = {"pool_cents": pool_cents, "pool_points": total_points}
    else:
        raise PointsError(f"scheme {scheme.name}: unknown mode {scheme.mode!r}")
    paid = [
        PaidSale(sp.sale, sp.points, c, month, scheme.name, scheme.clawback_months)
        for sp, c in zip(points, cents, strict=True)
        if sp.points
    ]
    by_person: dict[Id, tuple[int, Fraction, int]] = {}
    for p in paid:
        c, pts, n = by_person.get(p.sale.person_id, (0, Fraction(0), 0))
        by_person[p.sale.person_id] = (c + p.cents, pts + p.points, n + 1)
    lines = [
        PayLine(
            pid,
            None,
            POINTS,
            c,
            Working(formula, {**inputs, "points": pts, "sales": n}),
            item=scheme.name,
        )
        for pid, (c, pts, n) in by_person.items()
    ]
    return paid, lines


def compute_clawbacks(
    month: date,
    paid: Iterable[PaidSale],
    events: Iterable[SaleEvent],
    window_months: int | None = None,
    already_clawed: Collection[Id] = (),
) -> list[PayLine]:
    """Negative lines for ``month`` taking back points of sales undone in the window.

    A paid sale is clawed back when a churn or invalid event for its subscription
    happened before ``sale_date`` + the window (exclusive; the scheme's
    ``clawback_months`` kept on the ``PaidSale``, unless ``window_months`` overrides
    it for every sale) and on or
    before the end of ``month``, the sale was paid in an earlier month than
    ``month`` (a clawback always lands on a later payslip than the payment), and
    the subscription is not in ``already_clawed`` (the subscriptions clawed back
    by earlier runs: the caller keeps that record so a late event is clawed once).
    The earliest qualifying event counts. The line names the sale: ``item`` is the
    subscription id; the derivation carries product, sale date and sale month.
    """
    month = month_start(month)
    month_end = add_months(month, 1)
    first_event: dict[Id, SaleEvent] = {}
    for e in events:
        if e.event_date >= month_end:
            continue
        cur = first_event.get(e.subscription_id)
        if cur is None or e.event_date < cur.event_date:
            first_event[e.subscription_id] = e
    done = set(already_clawed)
    lines: list[PayLine] = []
    for p in paid:
        sid = p.sale.subscription_id
        if sid in done or p.paid_month >= month or p.cents == 0:
            continue
        e = first_event.get(sid)
        if e is None:
            continue
        window = p.clawback_months if window_months is None else window_months
        deadline = same_day_months_later(p.sale.sale_date, window)
        if not (p.sale.sale_date <= e.event_date < deadline):
            continue
        done.add(sid)
        sale_month = month_start(p.sale.sale_date)
        lines.append(
            PayLine(
                p.sale.person_id,
                None,
                CLAWBACK,
                -p.cents,
                Working(
                    "− points paid for the sale, undone within the clawback window",
                    {
                        "subscription_id": sid,
                        "product": p.sale.product,
                        "sale_date": p.sale.sale_date,
                        "sale_month": f"{sale_month:%Y-%m}",
                        "paid_month": f"{p.paid_month:%Y-%m}",
                        "event": e.kind,
                        "event_date": e.event_date,
                        "window_months": window,
                        "paid_cents": p.cents,
                    },
                ),
                item=str(sid),
                reason=(
                    f"{e.kind} on {e.event_date} of subscription {sid} ({p.sale.product},"
                    f" sold {sale_month:%Y-%m}, scheme {p.scheme})"
                ),
            )
        )
    return lines
