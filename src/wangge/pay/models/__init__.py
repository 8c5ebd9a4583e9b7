"""Pay: configuration, pools, distributions and their lines, paid sales.

Every figure is int cents (``*_cents``); yuan appear only at the edge. Rows that
hold a pay figure keep their history (django-simple-history). An approved
distribution is locked: its rows refuse to change, a correction is a new version.

One module per business: ``config`` (the company's configuration and points
schemes), ``inputs`` (a month's unit and person inputs), ``distributions`` (pools,
distribution versions, payslip lines, paid sales). Import from here:
``from wangge.pay.models import X``; the migrations name the defaults here too.
"""

from wangge.pay.choices import DistributionStatus, GridWeights, PointsMode, TwoUnits, Unscored
from wangge.pay.models.config import (
    PayConfig,
    PointsRule,
    PointsScheme,
    default_excluded_posts,
    default_front_line_posts,
    default_posts,
    default_tiers,
    default_tilt,
    default_training,
)
from wangge.pay.models.distributions import (
    Distribution,
    DistributionLocked,
    DistributionQuerySet,
    PayLine,
    PayLineQuerySet,
    PayPool,
    PayPoolQuerySet,
    SalePoints,
)
from wangge.pay.models.inputs import (
    DatedUnitPayQuerySet,
    PersonMonth,
    PersonRowQuerySet,
    UnitPayBase,
    UnitPayQuerySet,
    UnitRevenue,
)

__all__ = [
    "DatedUnitPayQuerySet",
    "Distribution",
    "DistributionLocked",
    "DistributionQuerySet",
    "DistributionStatus",
    "GridWeights",
    "PayConfig",
    "PayLine",
    "PayLineQuerySet",
    "PayPool",
    "PayPoolQuerySet",
    "PersonMonth",
    "PersonRowQuerySet",
    "PointsMode",
    "PointsRule",
    "PointsScheme",
    "SalePoints",
    "TwoUnits",
    "UnitPayBase",
    "UnitPayQuerySet",
    "UnitRevenue",
    "Unscored",
    "default_excluded_posts",
    "default_front_line_posts",
    "default_posts",
    "default_tiers",
    "default_tilt",
    "default_training",
]
