"""The company's pay configuration, and the core's rules built from it.

The configuration hangs on the city company (the root unit) and is created with the
shipped defaults on first use; ``pool_config`` and ``distribution_config`` hand the
core plain values, so no pay rule reads the database.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from wangge.core import pay as core
from wangge.org.models import Unit, UnitKind
from wangge.pay.models import (
    PayConfig,
)
from wangge.pay.refusals import PayRefused


def company() -> Unit:
    """The city company (the root unit); pay configuration hangs on it."""
    city = Unit.objects.filter(kind=UnitKind.CITY).order_by("pk").first()
    if city is None:
        raise PayRefused([_("There is no city company unit: load the organisation first.")])
    return city


def config() -> PayConfig:
    """The company's pay configuration, created with the shipped defaults on first use."""
    cfg, _created = PayConfig.objects.get_or_create(company=company())
    return cfg


def pool_config(cfg: PayConfig) -> core.PoolConfig:
    return core.PoolConfig(
        tier_coefficients={k: str(v) for k, v in cfg.tier_coefficients.items()},
        score_floor=cfg.score_floor,
        score_cap=cfg.score_cap,
        revenue_share=cfg.revenue_share,
    )


def distribution_config(
    cfg: PayConfig, post_overrides: Mapping[str, str] | None = None
) -> core.DistributionConfig:
    """The core's rules from the company's configuration (what-if may override posts)."""
    posts = {k: str(v) for k, v in cfg.post_coefficients.items()}
    posts.update({k: str(v) for k, v in (post_overrides or {}).items()})
    t = cfg.training or {}
    default = core.TrainingRule()
    training = core.TrainingRule(
        yearly_minimum_hours=str(t.get("yearly_minimum_hours", default.yearly_minimum_hours)),
        rate_per_missing_hour=str(t.get("rate_per_missing_hour", default.rate_per_missing_hour)),
        max_rate=str(t.get("max_rate", default.max_rate)),
        pace=t.get("pace", default.pace),
        check_month=int(t.get("check_month", default.check_month)),
    )
    return core.DistributionConfig(
        formula_share=cfg.formula_share,
        post_coefficients=posts,
        cap_multiple=cfg.cap_multiple,
        floor_cents=int(cfg.floor_cents),
        rural_allowances={k: int(v) for k, v in (cfg.rural_allowances or {}).items()},
        training=training,
    )
