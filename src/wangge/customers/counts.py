"""Counts over customers and subscriptions, computed once per state of the tables.

A large city holds millions of customers and subscriptions, and counting the ones a
director sees (through the as-of grid links of their units) takes a second or more;
the home page and the customer list's pager would pay it on every request. The
numbers change only when the rows behind them change, so a count is kept in the
cache under a key made of the exact query (its SQL and parameters: the viewer's
units, the day, the filter) and the **state** of the tables it reads:

* the highest id of customers, their grid links and subscriptions (a row added);
* the highest history id of each (every change made through the product's forms,
  the API, a reorganisation or a deletion writes a history row);
* the import runs: their number, highest id and latest finish and rollback times (a
  bulk import or its rollback writes rows without history, and always its run).

Reading the state is a handful of index look-ups; any change gives a new key, so a
count is never read for rows that changed since. A change that goes around all of
these (SQL typed by hand against the database) is caught by the cache's expiry,
``TIMEOUT`` seconds. The count shown is exact: never an estimate.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Max, QuerySet
from django.utils.functional import cached_property

from wangge.customers.models import Customer, CustomerGrid, Subscription

#: how long a count is kept at most, in seconds (the backstop described above)
TIMEOUT = 600
PREFIX = "wangge.counts"

__all__ = ["CountedPaginator", "cached_count", "cached_counts_by", "tables_state"]


def tables_state(using: str = "default") -> str:
    """A text that changes whenever customers, grid links or subscriptions change."""
    parts: list[object] = [connections[using].settings_dict.get("NAME")]
    for model in (Customer, CustomerGrid, Subscription):
        parts.append(model.objects.using(using).aggregate(m=Max("pk"))["m"])
        parts.append(model.history.using(using).aggregate(m=Max("history_id"))["m"])
    try:
        # intake sits above customers (it imports them), so its runs are looked up by
        # name rather than imported
        runs_model = apps.get_model("intake", "ImportRun")
    except LookupError:
        return "|".join(map(str, parts))
    runs = runs_model.objects.using(using).aggregate(
        n=Count("pk"), m=Max("pk"), f=Max("finished_at"), r=Max("rolled_back_at")
    )
    parts += [runs["n"], runs["m"], runs["f"], runs["r"]]
    return "|".join(map(str, parts))


def _key(qs: QuerySet, what: str, state: str) -> str | None:
    """The cache key of ``qs`` in this state; None when the query can match nothing
    (a viewer who sees no unit: Django cannot even write its SQL)."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return None
    text = "\n".join((what, sql, repr(params), state))
    return f"{PREFIX}:{hashlib.sha256(text.encode()).hexdigest()}"


def cached_count(qs: QuerySet, state: str | None = None) -> int:
    """``qs.count()``, computed once for this state of the tables."""
    state = state if state is not None else tables_state(qs.db)
    key = _key(qs, "count", state)
    if key is None:
        return 0
    n = cache.get(key)
    if n is None:
        n = qs.count()
        cache.set(key, n, TIMEOUT)
    return n


def cached_counts_by(qs: QuerySet, field: str, state: str | None = None) -> dict[str, int]:
    """``{value of field: number of rows}`` over ``qs``, computed once for this state."""
    state = state if state is not None else tables_state(qs.db)
    key = _key(qs, f"by {field}", state)
    if key is None:
        return {}
    counts = cache.get(key)
    if counts is None:
        rows = qs.order_by().values_list(field).annotate(n=Count("pk"))
        counts = {value: n for value, n in rows}
        cache.set(key, counts, TIMEOUT)
    return counts


class CountedPaginator(Paginator):
    """A paginator whose total comes from :func:`cached_count` (the pages themselves are
    read as usual: only the ``COUNT(*)`` behind the pager is kept)."""

    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list)
