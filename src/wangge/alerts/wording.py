"""A reason code in words, in the reader's language (Chinese first): the risk list, the
work order and the API all say a reason through ``reason_text``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wangge.core import formatting
from wangge.core.alerts.plan import ACTIONS

#: reason code → sentence (an English msgid with the code's figures)
SENTENCES = {
    "contract_ending": gettext_noop("contract ends in %(days)s days"),
    "contract_lapsed": gettext_noop("contract ended %(days)s days ago, not renewed"),
    "arrears_ageing": gettext_noop("%(amount)s owed for over a month"),
    "usage_drop": gettext_noop("usage down %(percent)s%% on the three months before"),
    "arpu_drop": gettext_noop("spending down %(percent)s%% on the three months before"),
    "complaints": gettext_noop("%(count)s complaints this month"),
    "new_silent": gettext_noop("new user, no usage in %(days)s days"),
    "guard_list": gettext_noop("among the grid's top %(percent)s%% customers by ARPU"),
    "model_usage_down": gettext_noop("usage down %(percent)s%% on the three months before"),
    "model_usage_up": gettext_noop("usage pattern changed (up %(percent)s%%)"),
    "model_billed_down": gettext_noop("spending down %(percent)s%% on the three months before"),
    "model_billed_up": gettext_noop("spending pattern changed (up %(percent)s%%)"),
    "model_arrears": gettext_noop("%(amount)s owed"),
    "model_arrears_aged": gettext_noop("%(amount)s owed for over a month"),
    "model_arrears_over_90": gettext_noop("%(amount)s owed for over 90 days"),
    "model_billed": gettext_noop("billed %(amount)s this month"),
    "model_customer_billed": gettext_noop("customer billed %(amount)s this month"),
    "model_tenure": gettext_noop("in network for %(months)s months"),
    "model_complaints": gettext_noop("%(count)s complaints this month"),
    "model_complaints_3m": gettext_noop("%(count)s complaints in the three months before"),
    "model_customer_lines": gettext_noop("%(count)s services with us"),
    "model_usage": gettext_noop("usage %(count)s this month"),
    "model_suspended": gettext_noop("service suspended"),
    "model_product_line": gettext_noop("product line: %(value)s"),
    "model_customer_kind": gettext_noop("customer type: %(value)s"),
    "model_grid": gettext_noop("churn is higher in this grid"),
    "model_contract_days_missing": gettext_noop("no contract or promotion"),
}
FALLBACK = gettext_noop("risk factor: %(code)s")


def reason_text(reason: dict) -> str:
    """``{"code": "contract_ending", "days": 45}`` → "合约 45 天后到期"."""
    code = reason.get("code", "")
    params = {k: v for k, v in reason.items() if k != "code"}
    if "cents" in params:
        params["amount"] = formatting.yuan(params["cents"])
    for key in ("count", "days", "months", "percent"):
        if key in params:
            params[key] = formatting.count(params[key])
    sentence = SENTENCES.get(code)
    if sentence is None:
        return _(FALLBACK) % {"code": code}
    try:
        return _(sentence) % params
    except (KeyError, TypeError, ValueError):
        return _(FALLBACK) % {"code": code}


def action_text(rule: str, overrides: dict | None = None) -> str:
    """The suggested action for ``rule``: the company's own text, else the default."""
    own = (overrides or {}).get(rule)
    if own:
        return str(own)[:300]
    default = ACTIONS.get(rule)
    return _(default) if default else ""
