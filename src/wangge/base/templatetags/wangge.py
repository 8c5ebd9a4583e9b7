"""The shell's template helpers: masking, and numbers written the product's one way.

Every figure on a page goes through these filters, which only call
``wangge.core.formatting`` (the conventions are documented there): yuan from
integer cents, rates as percentages, counts with separators, ranks as integers.
A template never divides by 100, multiplies by 100 or uses ``floatformat`` on a
figure of the business.
"""

from django import template

from wangge.base.masking import masked
from wangge.core import formatting

register = template.Library()


@register.simple_tag(takes_context=True)
def mask(context, field_name: str, value):
    """{% mask "phone" customer.phone %}: the value as the viewer's role may see it."""
    request = context.get("request")
    return masked(getattr(request, "user", None), field_name, value)


def _shown(helper, value, *args) -> str:
    """``helper(value)``; a value that is not a number shows as typed rather than a 500."""
    try:
        return helper(value, *args)
    except formatting.FormattingError:
        return str(value)


@register.filter
def yuan(cents) -> str:
    """{{ pool_cents|yuan }} → ¥1,234.50 (negative -¥1,234.50, missing —)."""
    return _shown(formatting.yuan, cents)


@register.filter
def signed_yuan(cents) -> str:
    """{{ delta_cents|signed_yuan }} → +¥12.00 / -¥3.50."""
    return _shown(formatting.signed_yuan, cents)


@register.filter
def plain_yuan(cents) -> str:
    """{{ cents|plain_yuan }} → 1234.50: an amount as a person types it (form fields)."""
    return _shown(formatting.plain_yuan, cents)


@register.filter
def percent(rate, places=2) -> str:
    """{{ completion|percent }} → 93.83%; {{ rate|percent:4 }} → 1.1724%."""
    return _shown(formatting.percent, rate, int(places))


@register.filter
def count(n) -> str:
    """{{ n|count }} → 123,608."""
    return _shown(formatting.count, n)


@register.filter
def rank(x) -> str:
    """{{ card.rank|rank }} → 3, or 2.5 for a tie averaged over two places."""
    return _shown(formatting.rank, x)


@register.filter
def number(value, places=2) -> str:
    """{{ score|number }} → 87.5: a plain figure, half up, trailing zeros dropped."""
    return _shown(formatting.number, value, int(places))


@register.filter
def signed_number(value, places=2) -> str:
    """{{ delta|signed_number }} → +2.5 / -1."""
    return _shown(formatting.signed_number, value, int(places))
