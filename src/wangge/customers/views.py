"""Customer pages: the list as filtered (and its Excel), one customer's record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wangge.customers.counts import CountedPaginator
from wangge.customers.lists import customers_for, read_filter
from wangge.customers.models import Customer, Tag
from wangge.jobs.models import Job
from wangge.org.scope import may


def may_view_customers(user) -> bool:
    """The customer pages' check (``customers.view``), also their menu entry's."""
    return may(user, "customers.view")


def _customers_page(request) -> None:
    if not may_view_customers(request.user):
        raise PermissionDenied


@login_required
def customer_list(request):
    _customers_page(request)
    flt = read_filter(request)
    page = CountedPaginator(customers_for(request.user, flt), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "customers/list.html",
        {
            "page": page,
            "q": flt.q,
            "ownership": flt.ownership,
            "tag": flt.tag,
            "tags": Tag.objects.visible_to(request.user).order_by("source", "code"),
            "filter_query": flt.query(),
        },
    )


@login_required
def customer_detail(request, pk: int):
    _customers_page(request)
    customer = get_object_or_404(Customer.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "customers/detail.html",
        {
            "customer": customer,
            "grid": customer.grid_on(),
            "grid_history": customer.grid_links.select_related("grid").order_by("-valid_from"),
            "subscriptions": customer.subscriptions.order_by("-start_date"),
            "tags": customer.tags.select_related("tag").order_by("tag__code"),
        },
    )


@login_required
def customer_export(request):
    """Start the Excel file of the list as filtered on the page (the filter rides in the
    form's query string, read by the page's own ``read_filter``)."""
    _customers_page(request)
    flt = read_filter(request)
    if request.method != "POST":
        return redirect(f"{reverse('customers')}?{flt.query()}" if flt.query() else "customers")
    from wangge.customers.tasks import export_customers

    job = Job.objects.create(
        kind="customer_export", title=_("Customer list (Excel)"), started_by=request.user
    )
    export_customers.enqueue(
        job.id,
        request.user.id,
        q=flt.q,
        ownership=flt.ownership,
        language=get_language() or "zh-hans",
        tag=flt.tag,
    )
    return redirect("job", pk=job.id)
