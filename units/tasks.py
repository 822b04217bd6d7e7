from core.jobs import job_task

from .services import unit_recount


@job_task(idempotent=True)  # reads only
def recount_units(job, progress):
    return unit_recount(region=job.region, progress=progress)
