from core.jobs import job_task

from .services import unit_recount


@job_task()
def recount_units(job, progress):
    return unit_recount(region=job.region, progress=progress)
