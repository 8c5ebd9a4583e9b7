from django import template

from wangge.core.money import format_yuan
from wangge.web.masking import masked

register = template.Library()


@register.simple_tag(takes_context=True)
def mask(context, field_name: str, value):
    """{% mask "phone" customer.phone %}: the value as the viewer's role may see it."""
    request = context.get("request")
    return masked(getattr(request, "user", None), field_name, value)


@register.filter
def yuan(cents) -> str:
    """Cents to yuan with two decimals and thousands separators, at the edge only."""
    return "" if cents is None else format_yuan(int(cents), thousands=True)
