"""``{% place_network customer %}``: the network resources at a customer's place (the
free broadband ports first), for the customer page; the resources the viewer sees."""

from django import template

from wangge.work.choices import ResourceKind
from wangge.work.models import NetworkResource
from wangge.work.views.network import may_read_network

register = template.Library()


@register.inclusion_tag("work/_place_network.html", takes_context=True)
def place_network(context, customer) -> dict:
    request = context.get("request")
    if request is None or customer.place_id is None or not may_read_network(request.user):
        return {"shown": False}
    rows = list(
        NetworkResource.objects.visible_to(request.user)
        .filter(place_id=customer.place_id)
        .order_by("kind", "code")
    )
    ports = [r for r in rows if r.kind == ResourceKind.BROADBAND_PORT]
    return {
        "shown": True,
        "place": customer.place,
        "rows": rows,
        "free": sum(r.ports_free for r in ports),
        "total": sum(r.ports_total for r in ports),
    }
