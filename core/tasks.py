import logging
import threading

from celery import shared_task
from celery.signals import worker_ready

from .imports import purge_import_files
from .jobs import jobs_watch

logger = logging.getLogger(__name__)


@shared_task(name="core.tasks.purge_old_import_files")
def purge_old_import_files() -> dict:
    """Delete uploaded import files older than IMPORT_FILE_RETENTION_DAYS (daily, see
    core.schedules)."""
    return {"removed": purge_import_files()}


@shared_task(name="core.tasks.watch_jobs")
def watch_jobs() -> dict:
    """Every minute (core.schedules): reap jobs whose worker died, send 待执行 rows."""
    return jobs_watch()


@worker_ready.connect
def watch_jobs_when_a_worker_starts(sender=None, **kwargs):
    """A restarted worker picks up what its previous run left behind right away (its old
    process ids are gone), without waiting for the minute's beat."""

    def sweep():
        from django.db import connection

        try:
            logger.info("jobs swept at worker start: %s", jobs_watch())
        except Exception:
            logger.warning("job sweep at worker start failed", exc_info=True)
        finally:
            connection.close()

    threading.Thread(target=sweep, name="job-sweep", daemon=True).start()
