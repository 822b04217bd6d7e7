from core.jobs import job_task

from .services import summary_build


@job_task()
def build_summary(job, progress):
    """A core.jobs task: late ack (settings), idempotent per JobRun, one version per job."""
    return summary_build(summary_id=job.params["summary_id"], progress=progress)
