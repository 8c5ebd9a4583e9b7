"""Report progress of a job from inside a background task.

Writes go through ``Job.objects.filter(...).update`` outside any surrounding
transaction's rows, so a page polling the job sees them while the work runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db.models import F

from wangge.jobs.models import Job, JobStatus, job_page
from wangge.notices.choices import NoticeKind
from wangge.notices.services import notify


def reporter(job_id: int, *, every_seconds: float = 0.5) -> Callable[[str, int, int], None]:
    """A ``progress(stage, done, total)`` callback that updates the job, at most twice a second."""
    last = 0.0

    def report(stage: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < every_seconds and done < total:
            return
        last = now
        Job.objects.filter(pk=job_id).update(
            stage=stage, done=done, total=total, status=JobStatus.RUNNING
        )

    return report


def finish(job_id: int, result: dict | None = None) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.DONE, result=result, done=F("total"))
    _tell_the_starter(job_id, NoticeKind.JOB_DONE)


def fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=message)
    _tell_the_starter(job_id, NoticeKind.JOB_FAILED)


def _tell_the_starter(job_id: int, kind: NoticeKind) -> None:
    job = Job.objects.select_related("started_by").filter(pk=job_id).first()
    if job is not None and job.started_by is not None:
        notify([job.started_by], kind, {"title": job.title}, url=job_page(job))
