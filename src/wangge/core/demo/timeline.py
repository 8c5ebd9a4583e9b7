"""Month arithmetic for the generator, in days since 1970-01-01 so that numpy can vectorise it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from wangge.core.months import add_months

EPOCH = date(1970, 1, 1)


def to_days(d: date) -> int:
    return (d - EPOCH).days


def from_days(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def default_end_month(today: date | None = None) -> date:
    """The last full month before ``today``: the freshest month a billing cycle has closed."""
    today = today or date.today()
    return add_months(today, -1)


@dataclass(frozen=True)
class Window:
    """The generated months, oldest first; index 0 is the first generated month."""

    end_month: date
    months: int

    @property
    def starts(self) -> list[date]:
        first = add_months(self.end_month, -(self.months - 1))
        return [add_months(first, i) for i in range(self.months)]

    @property
    def first(self) -> date:
        return self.starts[0]

    def start_days(self) -> np.ndarray:
        """Month starts, plus the start of the month after the window, as int32 days."""
        s = [*self.starts, add_months(self.starts[-1], 1)]
        return np.array([to_days(d) for d in s], dtype=np.int32)

    def lengths(self) -> np.ndarray:
        return np.diff(self.start_days()).astype(np.int32)

    def calendar_months(self) -> np.ndarray:
        """Calendar month (1..12) of each window month, to drive seasonality."""
        return np.array([d.month for d in self.starts], dtype=np.int8)
