"""Background pay work: the month's pools, followed on the job page."""

from __future__ import annotations

from django_tasks import task

from wangge.core.months import parse_month
from wangge.jobs.progress import fail, finish, reporter
from wangge.pay.pools import compute_pools
from wangge.pay.refusals import PayRefused


@task()
def compute_pools_task(job_id: int, month: str) -> int:
    """Compute every pool of ``month`` (YYYY-MM); a refusal fails the job with its messages."""
    try:
        pools = compute_pools(parse_month(month), progress=reporter(job_id))
    except PayRefused as exc:
        fail(job_id, "\n".join(exc.messages))
        return 0
    except Exception as exc:
        fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
    finish(job_id, {"pools": len(pools), "total_cents": sum(p.pool_cents for p in pools)})
    return len(pools)
