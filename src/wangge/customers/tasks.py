"""Background work on customers: the Excel export of the list the person was looking at."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django_tasks import task

from wangge.core.sheets import write_list
from wangge.customers.lists import CustomerFilter, customers_for, export_columns, export_row
from wangge.jobs.progress import fail, finish, reporter


@task()
def export_customers(
    job_id: int,
    user_id: int,
    q: str = "",
    ownership: str = "",
    language: str = "zh-hans",
    tag: str = "",
) -> str:
    """Write the customers the list shows (the viewer's, with the page's filter and
    order, masked as the viewer sees them) to an .xlsx file with headers in
    ``language``."""
    try:
        user = get_user_model().objects.get(pk=user_id)
        qs = customers_for(user, CustomerFilter(q=q, ownership=ownership, tag=tag))
        total = qs.count()
        report = reporter(job_id)
        settings.EXPORT_DIR.mkdir(parents=True, exist_ok=True)
        path = (
            settings.EXPORT_DIR
            / f"customers-{user.username}-{timezone.now():%Y%m%d%H%M%S}-{job_id}.xlsx"
        )
        with translation.override(language):
            write_list(
                translation.gettext("customers"),
                export_columns(),
                (export_row(user, c) for c in qs.iterator(chunk_size=5000)),
                path,
                progress=lambda done: report("customers", done, total),
            )
        finish(job_id, {"file": str(path), "rows": total})
        return str(path)
    except Exception as exc:
        fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
