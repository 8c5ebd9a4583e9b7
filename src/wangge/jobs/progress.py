"""Report progress of a job from inside a background task.

Writes go through ``Job.objects.filter(...).update`` outside any surrounding
transaction's rows, so a page polling the job sees them while the work runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db.models import F

from wangge.jobs.models import Job, JobStatus


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


def fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, message=message)
