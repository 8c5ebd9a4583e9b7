"""The names people read for appraisal codes: schemes, indicators and items, posts.

Schemes and targets name things by code (``grid-A-five-rates``, ``new_adds.broadband``,
``problem_solving``); pages show the name in the viewer's language and keep the code
only as secondary text. Names come from what the company stored (a scheme's ``name``,
its items' labels, the indicator catalogue), translated through the catalogue (the
default schemes' names and labels are in ``wangge.appraisal.labels``); an indicator
of one product line is its indicator's name with the line's
(``development completion rate (broadband)``).
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import gettext, gettext_noop

from wangge.appraisal.evidence import code_label
from wangge.appraisal.models import Indicator, Scheme
from wangge.base.words import say
from wangge.core.explain import Words, term

__all__ = ["NameBook", "forget_names", "item_name", "post_name"]

#: a family of per-line indicators (``new_adds.<line>``) whose base key no scheme names
FAMILIES = {"new_adds": "valid new adds"}
#: the core's figure indicators, named when neither a scheme nor the catalogue does
FIGURES = {
    "revenue_growth": gettext_noop("revenue growth rate"),
    "development": gettext_noop("development completion rate"),
    "arrears": gettext_noop("arrears rate"),
    "churn": gettext_noop("churn rate"),
    "input_output": gettext_noop("input-output ratio"),
    "broadband_penetration": gettext_noop("broadband penetration"),
    "market_share": gettext_noop("mobile market share"),
    "revenue": gettext_noop("revenue"),
    "arpu": gettext_noop("ARPU"),
}


class NameBook:
    """Codes → names for one page: reads the schemes and the indicator catalogue once."""

    def __init__(self) -> None:
        self.schemes: dict[str, str] = {}
        self.items: dict[str, str] = {}
        for row in Scheme.objects.order_by("status", "-valid_from"):
            self.schemes.setdefault(row.code, row.name)
            d = row.definition or {}
            for i in (*d.get("indicators", ()), *d.get("qualitative", ())):
                if i.get("key") and i.get("label"):
                    self.items.setdefault(i["key"], i["label"])
        for ind in Indicator.objects.all():
            self.items[ind.key] = ind.label
        for key, label in FIGURES.items():
            self.items.setdefault(key, label)

    def scheme(self, code: str) -> str:
        """A scheme's name ("网格A类：五率"), or its code when no scheme has it."""
        return gettext(self.schemes.get(code, code)) if code else ""

    def item(self, key: str) -> str:
        """An indicator's or item's name; a per-line key names the line too."""
        if not key:
            return ""
        if key in self.items:
            return say(self.items[key])
        base, _, line = key.partition(".")
        if line:
            label = self.items.get(base) or FAMILIES.get(base, base)
            return say(Words("item.line", label=term(label), line=code_label("product_line", line)))
        return say(FAMILIES.get(key, key))


def post_name(post: str) -> str:
    """A post's name ("grid manager" → 网格经理), or the code when it is not a post."""
    from wangge.org.models import Post

    try:
        return str(Post(post).label)
    except ValueError:
        return post


@lru_cache(maxsize=1)
def _book() -> NameBook:
    return NameBook()


def item_name(key: str) -> str:
    """An item's name for a row's ``str`` (the audit trail, admin lists): the schemes
    and the catalogue are read once per process, until a scheme is saved."""
    return _book().item(key)


def forget_names() -> None:
    """Read the names again on the next ``item_name`` (a scheme was saved)."""
    _book.cache_clear()
