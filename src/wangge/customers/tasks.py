"""Background work on customers: the Excel export of everything a person may see."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task
from openpyxl import Workbook

from wangge.core.cells import append_row
from wangge.customers.models import Customer
from wangge.jobs.progress import fail, finish, reporter
from wangge.web.masking import masked

HEADERS = [
    "编号 code",
    "名称 name",
    "类型 kind",
    "归属 ownership",
    "电话 phone",
    "证件号 ID number",
    "行业 industry",
    "地址 address",
]


@task()
def export_customers(job_id: int, user_id: int) -> str:
    """Write the viewer's customers, masked as the viewer sees them, to an .xlsx file."""
    try:
        user = get_user_model().objects.get(pk=user_id)
        qs = Customer.objects.visible_to(user).order_by("code")
        total = qs.count()
        report = reporter(job_id)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("customers")
        append_row(sheet, HEADERS)
        for done, c in enumerate(qs.iterator(chunk_size=5000), start=1):
            append_row(
                sheet,
                [
                    c.code,
                    c.name,
                    c.get_kind_display(),
                    c.get_ownership_display(),
                    masked(user, "phone", c.phone),
                    masked(user, "id_number", c.id_number),
                    c.industry,
                    c.address,
                ],
            )
            if done % 1000 == 0:
                report("customers", done, total)
        settings.EXPORT_DIR.mkdir(parents=True, exist_ok=True)
        path = (
            settings.EXPORT_DIR
            / f"customers-{user.username}-{timezone.now():%Y%m%d%H%M%S}-{job_id}.xlsx"
        )
        book.save(path)
        finish(job_id, {"file": str(path), "rows": total})
        return str(path)
    except Exception as exc:
        fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
