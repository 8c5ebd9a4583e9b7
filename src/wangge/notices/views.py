"""The bell's list: one's own notices, newest first; opening one marks it read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from wangge.notices.models import Notice
from wangge.notices.wording import sentence


@login_required
@require_GET
def home(request):
    qs = Notice.objects.visible_to(request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{"notice": n, "text": sentence(n.kind, n.params)} for n in page]
    return render(
        request, "notices/home.html", {"page": page, "rows": rows, "unread": qs.unread().count()}
    )


@login_required
@require_POST
def open_notice(request, pk: int):
    notice = get_object_or_404(Notice.objects.visible_to(request.user), pk=pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    safe = notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notice.url if safe else "notices:home")


@login_required
@require_POST
def read_all(request):
    Notice.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    return redirect("notices:home")
