"""Query and path parameters read one way for pages and the API.

A malformed parameter is the caller's mistake, so it is a 400 that names the
parameter (or a 404 for a path that cannot exist), never a 500. ``BadParameter``
is both Django's ``BadRequest`` (pages answer 400) and DRF's ``ValidationError``
(the API answers 400 with ``{name: [message]}``).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import BadRequest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from wangge.core.months import parse_month

FIRST_YEAR = 1900
LAST_YEAR = 2999
MONTH_PATTERN = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])"


class BadParameter(ValidationError, BadRequest):
    def __init__(self, name: str, message: str):
        ValidationError.__init__(self, {name: [message]})
        BadRequest.__init__(self, f"{name}: {message}")


#: what surrounds a value typed or pasted into a form, and is not part of it; any
#: other character (a no-break space) is the value's and is judged by its parser
BLANKS = " \t\r\n"


def _raw(request, name: str) -> str | None:
    params = getattr(request, "query_params", None) or request.GET
    value = (params.get(name) or "").strip(BLANKS)
    return value or None


def _refuse(name: str, message: str, raw: str) -> BadParameter:
    return BadParameter(name, message % {"value": raw})


# The widest integer a database column holds (a larger id once overflowed SQLite: 500).
DB_INT = 2**63 - 1


def to_int(name: str, raw: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """``raw`` as an integer within bounds, or a 400 naming ``name``."""
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise _refuse(name, _("Expected a whole number, got %(value)r."), raw) from exc
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise BadParameter(
            name,
            _("%(value)s is out of range (%(low)s to %(high)s).")
            % {"value": value, "low": minimum, "high": maximum},
        )
    return value


def to_month(name: str, raw: str) -> date:
    """``raw`` as the first day of a month between 1900 and 2999, or a 400."""
    message = _("Expected a month as YYYY-MM, got %(value)r.")
    try:
        month = parse_month(raw)
    except ValueError as exc:
        raise _refuse(name, message, raw) from exc
    if not FIRST_YEAR <= month.year <= LAST_YEAR:
        raise _refuse(name, message, raw)
    return month


def to_date(name: str, raw: str) -> date:
    """``raw`` as a day (YYYY-MM-DD) between 1900 and 2999, or a 400."""
    message = _("Expected a date as YYYY-MM-DD, got %(value)r.")
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise _refuse(name, message, raw) from exc
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _refuse(name, message, raw)
    return day


def query_int(request, name: str, default: int | None = None, **bounds) -> int | None:
    """An integer query parameter; never wider than a database integer."""
    raw = _raw(request, name)
    if raw is None:
        return default
    bounds.setdefault("minimum", -DB_INT)
    bounds.setdefault("maximum", DB_INT)
    return to_int(name, raw, **bounds)


def query_page(request, name: str = "page") -> int:
    """A page number, 1 when absent or not a page number (as Django's
    ``Paginator.get_page`` reads it: a list page never answers 400 for its pager)."""
    raw = _raw(request, name)
    try:
        return max(int(raw or 1), 1)
    except ValueError:
        return 1


def _control_characters_message() -> str:
    return _("Expected text without control characters, got %(value)r.")


def query_code(request, name: str) -> str:
    """A code to filter by, stripped, its control characters dropped: no stored code
    holds one, so the filter simply finds nothing, and a NUL byte (which PostgreSQL
    refuses in any string) never reaches the database."""
    return without_control_characters(_raw(request, name) or "")


#: the OpenAPI pattern of free text: no control character (see ``query_text``)
TEXT_PATTERN = r"^[^\x00-\x1f]*$"


def query_text(request, name: str) -> str:
    """A free-text query parameter, stripped; a control character anywhere in it, even
    a tab around it (a NUL byte, which PostgreSQL refuses in any string), is a 400,
    not a 500."""
    params = getattr(request, "query_params", None) or request.GET
    given = params.get(name) or ""
    if any(ord(ch) < 32 for ch in given):
        raise _refuse(name, _control_characters_message(), given)
    return given.strip()


def no_control_characters(value: str) -> None:
    """The rule of :func:`query_text` as a form validator (filter sets, forms)."""
    if value and any(ord(ch) < 32 for ch in value):
        raise DjangoValidationError(_control_characters_message() % {"value": value})


def without_control_characters(text: str) -> str:
    """``text`` stripped, its control characters dropped (the rule of :func:`query_code`)."""
    return "".join(ch for ch in text.strip() if ord(ch) >= 32)


def filter_params(filterset_class, params, queryset=None) -> dict:
    """The request parameters ``filterset_class`` reads, cleaned; the first rejected
    one is a :class:`BadParameter` naming it (pages answer 400, the API too)."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        name, messages = next(iter(filterset.errors.items()))
        raise BadParameter(name, str(messages[0]))
    return filterset.form.cleaned_data


def query_month(request, name: str = "month", default: date | None = None) -> date | None:
    raw = _raw(request, name)
    return default if raw is None else to_month(name, raw)


def query_date(request, name: str, default: date | None = None) -> date | None:
    raw = _raw(request, name)
    return default if raw is None else to_date(name, raw)


def as_of_param(request) -> date | None:
    """The reporting day of ``?as_of=`` (None: today); a bad date is a 400."""
    return query_date(request, "as_of")


class MonthConverter:
    """``<month:month>`` in a URL: only YYYY-MM with a real month matches, so a bad
    month is a 404. The view gets the text, as it did with ``<str:month>``."""

    regex = MONTH_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value.strftime("%Y-%m") if isinstance(value, date) else str(value)


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """Pages of at most ``max_limit`` rows, whatever ``?limit=`` asks (a 100-million
    limit once returned 50 MB); a negative or non-numeric limit or offset is a 400."""

    max_limit = 1000

    def get_limit(self, request):
        if _raw(request, self.limit_query_param) is None:
            return self.default_limit
        return min(
            to_int(
                self.limit_query_param,
                _raw(request, self.limit_query_param),
                minimum=1,
                maximum=DB_INT,
            ),
            self.max_limit,
        )

    def get_offset(self, request):
        return query_int(request, self.offset_query_param, 0, minimum=0)

    def get_schema_operation_parameters(self, view):
        """The bounds the pagination enforces, so a client (and the fuzzer) knows them."""
        params = super().get_schema_operation_parameters(view)
        for p in params:
            p["schema"]["minimum"] = 1 if p["name"] == self.limit_query_param else 0
        return params
