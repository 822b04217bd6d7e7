"""Background jobs with a status row (core.JobRun) that a page can poll.

    job = job_start(kind="units.recount", label="统计各区划单位数", task=recount_units, user=u)

queues `task.delay(job.pk)` only after the surrounding transaction commits. The task
body is wrapped by `@job_task`, which marks the row running / success / failed,
and gives the body a `progress(pct, message)` callable. A re-delivered message for a
finished job does nothing (idempotent under acks_late)."""

import functools
import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobRun

logger = logging.getLogger(__name__)


class JobError(Exception):
    """An expected failure with a Chinese message for the user."""


def job_start(*, kind: str, label: str, task, user=None, region=None, params: dict | None = None) -> JobRun:
    job = JobRun.objects.create(kind=kind, label=label, params=params or {}, requested_by=user, region=region)
    transaction.on_commit(lambda: task.delay(job.pk))
    return job


def job_task(**task_options):
    """Decorator: a Celery task taking a JobRun id; the body gets (job, progress)."""

    def decorator(func):
        @shared_task(bind=True, name=f"{func.__module__}.{func.__name__}", **task_options)
        @functools.wraps(func)
        def run(self, job_id: int):
            claimed = JobRun.objects.filter(pk=job_id, status__in=[JobRun.Status.QUEUED, JobRun.Status.RUNNING]).update(
                status=JobRun.Status.RUNNING, started_at=timezone.now()
            )
            if not claimed:
                return None  # finished already: a redelivered message
            job = JobRun.objects.get(pk=job_id)

            def progress(pct: int, message: str = ""):
                JobRun.objects.filter(pk=job_id).update(progress=max(0, min(100, int(pct))), message=message[:500])

            try:
                result = func(job, progress)
            except JobError as exc:
                JobRun.objects.filter(pk=job_id).update(
                    status=JobRun.Status.FAILED, message=str(exc)[:500], finished_at=timezone.now()
                )
                return None
            except Exception:
                logger.exception("job %s failed", job_id)
                JobRun.objects.filter(pk=job_id).update(
                    status=JobRun.Status.FAILED, message=_("系统错误，请联系管理员"), finished_at=timezone.now()
                )
                raise
            JobRun.objects.filter(pk=job_id).update(
                status=JobRun.Status.SUCCESS,
                progress=100,
                message=_("已完成"),
                result=result or {},
                finished_at=timezone.now(),
            )
            return job_id

        return run

    return decorator
