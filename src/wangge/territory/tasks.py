"""Background work of territory: a grid proposal (designer or re-cut) for one area."""

from __future__ import annotations

from django_tasks import task

from wangge.jobs.progress import fail, finish, reporter


@task()
def run_proposal(proposal_id: int) -> str:
    """Run the proposal, reporting to its job; its status says ready or failed (why)."""
    from wangge.territory.models import Proposal
    from wangge.territory.proposals import run

    job_id = Proposal.objects.values_list("job_id", flat=True).get(pk=proposal_id)
    report = reporter(job_id) if job_id else None
    try:
        proposal = run(proposal_id, progress=report)
    except Exception as exc:
        Proposal.objects.filter(pk=proposal_id).update(status="failed", message=str(exc))
        if job_id:
            fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
    if job_id:
        if proposal.status == "failed":
            fail(job_id, proposal.message)
        else:
            finish(job_id, {"proposal": proposal_id})
    return proposal.status
