"""The resource kinds the company budgets, and what a resource line is spent for."""

from __future__ import annotations

from fractions import Fraction

PROMOTION = "promotion"
ADVERTISING = "advertising"
OUTBOUND_CALL = "outbound_call"
SMS = "sms"
ANALYSIS = "analysis"
GIFT = "gift"
MATERIAL = "material"
EVENT = "event"

#: the eight kinds of the seeds (promotions, advertising, outbound calls, SMS, analysis,
#: gifts, materials) and on-site events; gifts and materials are delivered physically
KINDS = (PROMOTION, ADVERTISING, OUTBOUND_CALL, SMS, ANALYSIS, GIFT, MATERIAL, EVENT)
PHYSICAL = frozenset({GIFT, MATERIAL})

#: a line serves the existing base and traditional services, or growth (new business,
#: new users). The guard rail keeps a share of every kind for the base.
BASE = "base"
GROWTH = "growth"
PURPOSES = (BASE, GROWTH)

#: *ours*: at least 30 % of every kind goes to the existing base and traditional services
DEFAULT_BASE_SHARE = Fraction(3, 10)

#: *ours*: a unit whose input-output ratio falls below 1 (it returned less than it was
#: given) is flagged for review
DEFAULT_FLAG_BELOW = Fraction(1)
