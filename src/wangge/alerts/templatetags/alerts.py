"""``{% risk_history_link customer %}``: the way from a customer's page to their risk
history, shown only to those who may read the risk list."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from wangge.alerts.views import may_view_alerts

register = template.Library()


@register.simple_tag(takes_context=True)
def risk_history_link(context, customer) -> str:
    request = context.get("request")
    if request is None or not may_view_alerts(request.user):
        return ""
    return format_html(
        '<p class="risk-history"><a href="{}">{}</a></p>',
        reverse("alerts:customer", args=[customer.pk]),
        _("Risk history"),
    )
