"""An uploaded file handed to the background import: kept under the data directory with
a name of our own, a job to follow, the task queued. The page and the API share it."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from wangge.jobs.models import Job

JOB_KIND = "intake_import"


def start_upload(user, form) -> Job:
    """Start the import of a valid ``UploadForm``'s file; returns its job."""
    from wangge.intake.tasks import import_upload

    f, kind, profile = (
        form.cleaned_data["file"],
        form.cleaned_data["kind"],
        form.cleaned_data["profile"],
    )
    month_day = form.cleaned_data["month"]
    name = Path(f.name).name[:200]
    uploads = Path(settings.DATA_DIR) / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    path = uploads / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with path.open("wb") as out:
        for chunk in f.chunks():
            out.write(chunk)
    job = Job.objects.create(
        kind=JOB_KIND, title=_("Import %(file)s") % {"file": name}, started_by=user
    )
    import_upload.enqueue(
        job.id,
        user.id,
        kind,
        str(path),
        name,
        profile.pk if profile else None,
        month_day.isoformat() if month_day else None,
        form.cleaned_data["sheet"] or None,
        form.cleaned_data["dry_run"],
    )
    return job
