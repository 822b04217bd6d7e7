from celery import shared_task

from .imports import purge_import_files


@shared_task(name="core.tasks.purge_old_import_files")
def purge_old_import_files() -> dict:
    """Delete uploaded import files older than IMPORT_FILE_RETENTION_DAYS (daily, see
    core.schedules)."""
    return {"removed": purge_import_files()}
