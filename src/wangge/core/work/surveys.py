"""What a door-to-door survey (扫楼/扫街) says about a customer's services: per product
line, who provides it (us, a competitor, nobody known), and from that the customer's
ownership: in network if any line is ours, the competitor's if any line is theirs,
otherwise potential."""

from __future__ import annotations

from collections.abc import Mapping

OURS = "ours"
COMPETITOR_MOBILE = "china_mobile"
COMPETITOR_UNICOM = "china_unicom"
COMPETITOR_BROADNET = "china_broadnet"
COMPETITOR_OTHER = "other"
NONE = ""

PROVIDERS = (OURS, COMPETITOR_MOBILE, COMPETITOR_UNICOM, COMPETITOR_BROADNET, COMPETITOR_OTHER)
COMPETITORS = frozenset(PROVIDERS) - {OURS}

#: the product lines a survey asks about (the customers' ``ProductLine`` codes)
LINES = ("mobile", "broadband", "fixed", "dataline")

IN_NETWORK = "ours"
COMPETITOR = "competitor"
POTENTIAL = "potential"


def ownership(services: Mapping[str, str]) -> str:
    """The ownership a customer has from the providers of its lines (line → provider)."""
    providers = {p for p in services.values() if p}
    if OURS in providers:
        return IN_NETWORK
    if providers & COMPETITORS:
        return COMPETITOR
    return POTENTIAL
