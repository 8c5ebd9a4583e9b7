"""Who may act on marketing resources, on top of ``may`` and the row's scope."""

from __future__ import annotations

from wangge.org.scope import may


def may_open_deliveries(user) -> bool:
    """The deliveries page: whoever sends them (``resources.deliver``) or confirms them
    for their grid (``resources.receive``)."""
    return may(user, "resources.deliver") or may(user, "resources.receive")


def may_open_requests(user) -> bool:
    """Requests and gaps: whoever asks (``resources.request``), allocates or evaluates."""
    return any(
        may(user, a) for a in ("resources.request", "resources.allocate", "resources.evaluate")
    )
