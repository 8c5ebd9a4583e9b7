"""The upload page: a file in as a background job, its progress and outcome, the history
of runs with their error workbooks and rollback. Only those who may import
(``customers.import``, the marketing department) reach any of it; for everyone
else these pages do not exist (404). GET never writes."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wangge.base.forms import form_problem
from wangge.core.intake.kinds import KINDS
from wangge.intake.errors import problem_text
from wangge.intake.forms import UploadForm
from wangge.intake.models import ImportRun
from wangge.intake.services import RollbackRefused, problem_from_json, rollback
from wangge.intake.uploads import JOB_KIND, start_upload
from wangge.jobs.models import Job, JobStatus
from wangge.org.scope import may


def may_import(user) -> bool:
    """Who reaches the upload pages at all (and sees their menu entry)."""
    return may(user, "customers.import")


def _importer(request) -> None:
    if not may_import(request.user):
        raise Http404


@login_required
@require_GET
def home(request):
    _importer(request)
    runs = ImportRun.objects.visible_to(request.user).select_related("started_by")[:50]
    return render(
        request,
        "intake/home.html",
        {
            "form": UploadForm(user=request.user),
            "runs": runs,
        },
    )


@login_required
@require_POST
def upload(request):
    _importer(request)
    form = UploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("intake:home")
    job = start_upload(request.user, form)
    return redirect("intake:job", pk=job.id)


def _own_import_job(request, pk: int) -> Job:
    _importer(request)
    return get_object_or_404(Job.objects.visible_to(request.user), pk=pk, kind=JOB_KIND)


@login_required
@require_GET
def job(request, pk: int):
    job = _own_import_job(request, pk)
    result = job.result or {}
    problems = [problem_text(problem_from_json(p)) for p in result.get("problems", [])]
    mapping = result.get("columns", {})
    columns = [
        (header, KINDS[result["kind"]].by_name[f].label)
        for f, header in mapping.items()
        if "kind" in result and f in KINDS[result["kind"]].by_name
    ]
    preview = [[row.get(f) for f in mapping] for row in result.get("preview", [])]
    return render(
        request,
        "intake/job.html",
        {
            "job": job,
            "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
            "result": result,
            "problems": problems,
            "columns": columns,
            "preview": preview,
            "run": ImportRun.objects.filter(pk=result.get("run")).first()
            if result.get("run")
            else None,
        },
    )


@login_required
@require_GET
def job_errors(request, pk: int):
    job = _own_import_job(request, pk)
    path = (job.result or {}).get("errors_file")
    return _workbook(path)


def _workbook(path: str | None):
    if not path:
        raise Http404
    file = Path(path)
    if not file.exists():
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name)


def _run(request, pk: int) -> ImportRun:
    _importer(request)
    return get_object_or_404(ImportRun.objects.visible_to(request.user), pk=pk)


@login_required
@require_GET
def run_detail(request, pk: int):
    run = _run(request, pk)
    problems = [problem_text(problem_from_json(p)) for p in run.problems]
    return render(request, "intake/run.html", {"run": run, "problems": problems})


@login_required
@require_GET
def run_errors(request, pk: int):
    return _workbook(_run(request, pk).error_file)


@login_required
@require_POST
def run_rollback(request, pk: int):
    run = _run(request, pk)
    try:
        rollback(run.pk, user=request.user)
    except RollbackRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Run #%(id)s rolled back") % {"id": run.pk})
    return redirect("intake:run", pk=run.pk)
