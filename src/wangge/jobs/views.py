"""A job's page: its progress, and the file it wrote for the person who started it."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from wangge.jobs.models import Job, JobStatus


def _own_job(request, pk: int) -> Job:
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk)


@login_required
def job_detail(request, pk: int):
    return render(request, "jobs/job.html", {"job": _own_job(request, pk)})


@login_required
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != JobStatus.DONE or not job.result or "file" not in job.result:
        raise Http404
    path = Path(job.result["file"])
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
