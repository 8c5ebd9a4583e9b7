"""The upload page's import, run as a background task reporting to its job."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django_tasks import task

from wangge.intake.models import ImportProfile
from wangge.intake.services import ImportRefused, problem_json, run_import
from wangge.jobs.progress import fail, finish, reporter

PREVIEW_ROWS = 10
SHOWN_PROBLEMS = 100


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


@task()
def import_upload(
    job_id: int,
    user_id: int,
    kind: str,
    path: str,
    name: str,
    profile_id: int | None = None,
    month: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
) -> dict:
    """Import an uploaded file; the job's result is the outcome the page shows."""
    upload = Path(path)
    try:
        user = get_user_model().objects.get(pk=user_id)
        profile = ImportProfile.objects.filter(pk=profile_id).first() if profile_id else None
        report = reporter(job_id)
        try:
            outcome = run_import(
                kind,
                upload,
                profile=profile,
                month=date.fromisoformat(month) if month else None,
                sheet=sheet or None,
                dry_run=dry_run,
                user=user,
                progress=report,
                name=name,
                preview=PREVIEW_ROWS,
            )
        except ImportRefused as exc:
            fail(job_id, str(exc))
            return {}
        result = {
            "ok": outcome.ok,
            "kind": kind,
            "dry_run": outcome.dry_run,
            "run": outcome.run_id,
            "already": outcome.already,
            "rows": outcome.rows_read,
            "added": outcome.added,
            "changed": outcome.changed,
            "unchanged": outcome.unchanged,
            "rejected": outcome.rejected,
            "problem_count": outcome.problem_count,
            "problems": [problem_json(p) for p in outcome.problems[:SHOWN_PROBLEMS]],
            "columns": dict(outcome.profile.columns) if outcome.profile else {},
            "preview": [{k: _plain(v) for k, v in r.items()} for r in outcome.preview],
        }
        if outcome.error_file is not None:
            result["errors_file"] = str(outcome.error_file)
        finish(job_id, result)
        return result
    except Exception as exc:
        fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
    finally:
        upload.unlink(missing_ok=True)
