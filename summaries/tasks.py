from celery import shared_task

from core.jobs import job_task

from .services import summaries_request_yearly, summary_build, summary_follow_job


@job_task(idempotent=True, on_change=summary_follow_job)
def build_summary(job, progress):
    """A core.jobs task: late ack (settings), idempotent per JobRun (a re-run rebuilds
    the same version), one version per job."""
    return summary_build(summary_id=job.params["summary_id"], progress=progress)


@shared_task(name="summaries.tasks.request_yearly_summaries")
def request_yearly_summaries(year: int | None = None) -> list[int]:
    """Celery beat, every January (core.schedules): last year's summary of every office,
    each built by its own `build_summary` job."""
    return [s.pk for s in summaries_request_yearly(year=year)]
