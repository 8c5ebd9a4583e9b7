"""Background work: the month-end close, followed on the job page."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django_tasks import task

from wangge.jobs.progress import fail, finish, reporter


@task()
def close_month_task(
    job_id: int, month: str, user_id: int | None, engine: str | None = None, publish: bool = False
) -> dict:
    """Close ``month`` (YYYY-MM-DD) as the command does; the job shows stages and refusals."""
    from wangge.appraisal.close import CloseRefused, close_month

    try:
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        run = close_month(
            date.fromisoformat(month),
            user=user,
            engine=engine,
            publish=publish,
            progress=reporter(job_id),
        )
        result = {
            "run": run.pk,
            "month": f"{run.month:%Y-%m}",
            "version": run.version,
            "status": run.status,
            "cards": run.cards.count(),
        }
        finish(job_id, result)
        return result
    except CloseRefused as exc:
        fail(job_id, "\n".join(exc.messages))
        return {"refused": exc.messages}
    except Exception as exc:
        fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
