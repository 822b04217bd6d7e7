"""Background jobs with a status row (core.JobRun) that a page can poll.

    job = job_start(kind="units.recount", label="统计各区划单位数", task=recount_units, user=u)

The row is written as 待执行 in the caller's transaction and is the job's outbox: after
commit `job_send` hands it to the broker (then 排队中); if the broker is down the row
stays 待执行 and `jobs_watch` (every minute, and when a worker starts) sends it later.
`job_start` never raises after commit.

The task body is wrapped by `@job_task(idempotent=...)`, which claims the row (one
attempt at a time), beats a heartbeat while the body runs, and gives the body a
`progress(pct, message)` callable that stops the body (JobStopped) once the row no
longer carries its attempt: cancelled, retried, or taken over after its worker died.
`jobs_watch` reaps running jobs whose worker is gone: an idempotent task is sent again
(at most JOB_MAX_REQUEUES times), any other is marked failed with a reason. See
docs/decisions.md "Jobs that always finish or say why"."""

import datetime as dt
import functools
import logging
import os
import socket
import threading
from dataclasses import dataclass

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobRun
from .scoping import can_write, scoped

logger = logging.getLogger(__name__)
S = JobRun.Status


class JobError(Exception):
    """An expected failure with a Chinese message for the user."""


class JobStopped(Exception):
    """The row no longer carries this attempt (cancelled, retried or reaped): stop."""


@dataclass(frozen=True)
class JobTask:
    task: object
    idempotent: bool  # a second run of the same job writes nothing twice
    on_change: object  # callable(job): the row was changed outside the worker


_TASKS: dict[str, JobTask] = {}
_RUNNING_HERE: set[int] = set()  # job ids this process is running now


def _setting(name: str) -> int:
    return int(getattr(settings, name))


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_start(*, kind: str, label: str, task, user=None, region=None, params: dict | None = None) -> JobRun:
    job = JobRun.objects.create(
        kind=kind, label=label, task_name=task.name, params=params or {}, requested_by=user, region=region
    )
    transaction.on_commit(functools.partial(job_send, job.pk), robust=True)
    return job


def job_send(job_id: int) -> bool:
    """Hand a 待执行 (or long-queued) row to the broker. Never raises: when the broker
    (or the database) is unreachable the row stays 待执行 and is sent by the next sweep."""
    try:
        job = JobRun.objects.filter(pk=job_id, status__in=[S.PENDING, S.QUEUED]).first()
        if job is None:
            return True
        spec = _TASKS.get(job.task_name)
        if spec is None:
            logger.error("job %s: unknown task %r", job_id, job.task_name)
            return False
        spec.task.apply_async(args=[job_id])
    except Exception:
        logger.warning("job %s not sent to the broker; it stays pending", job_id, exc_info=True)
        try:
            JobRun.objects.filter(pk=job_id, status=S.PENDING).update(message=_("消息队列暂时不可用，恢复后将自动执行"))
        except Exception:
            logger.warning("job %s: database unreachable too", job_id, exc_info=True)
        return False
    try:
        JobRun.objects.filter(pk=job_id, status__in=[S.PENDING, S.QUEUED]).update(
            status=S.QUEUED, sent_at=timezone.now(), message=""
        )
    except Exception:
        logger.warning("job %s sent, but not marked queued", job_id, exc_info=True)
    return True


def job_send_if_waiting(job: JobRun) -> None:
    """A job page opened while its job is still 待执行 (the broker was down) tries to send it."""
    if job.status == S.PENDING and job.created_at < timezone.now() - dt.timedelta(seconds=10):
        job_send(job.pk)
        job.refresh_from_db()


def _worker_gone(job: JobRun, now) -> bool:
    """The worker that claimed `job` is dead: no heartbeat for JOB_STALE_SECONDS, or it
    ran on this host under a process id that no longer exists (kill -9, OOM)."""
    beat = job.heartbeat_at or job.started_at or job.created_at
    if beat < now - dt.timedelta(seconds=_setting("JOB_STALE_SECONDS")):
        return True
    host, _sep, pid = job.worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return job.pk not in _RUNNING_HERE  # an earlier process that had our id
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _claim(job_id: int) -> int | None:
    """Mark the row running for this process; the new attempt number, or None when
    the job is finished, cancelled, or running on a live worker (a duplicate message)."""
    now = timezone.now()
    with transaction.atomic():
        job = JobRun.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        if not (job.status in (S.PENDING, S.QUEUED) or (job.status == S.RUNNING and _worker_gone(job, now))):
            return None
        attempt = job.attempt + 1
        JobRun.objects.filter(pk=job_id).update(
            status=S.RUNNING, attempt=attempt, started_at=now, heartbeat_at=now, worker=_worker_id()
        )
    return attempt


class _Heartbeat(threading.Thread):
    """Keeps heartbeat_at fresh while a body runs without calling progress()."""

    def __init__(self, job_id: int, attempt: int):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id, self.attempt, self.done = job_id, attempt, threading.Event()

    def run(self):
        try:
            while not self.done.wait(_setting("JOB_HEARTBEAT_SECONDS")):
                try:
                    if not _mine(self.job_id, self.attempt).update(heartbeat_at=timezone.now()):
                        return
                except Exception:
                    logger.warning("job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def stop(self):
        self.done.set()
        self.join(timeout=5)


def _mine(job_id: int, attempt: int):
    return JobRun.objects.filter(pk=job_id, attempt=attempt, status=S.RUNNING)


def _end(job_id: int, attempt: int, **fields) -> None:
    # Whoever holds the latest attempt reports the outcome (also after a cancel that
    # came too late to stop the body: the work is done, and the row says so).
    JobRun.objects.filter(pk=job_id, attempt=attempt).update(finished_at=timezone.now(), **fields)


def job_task(*, idempotent: bool = False, on_change=None, **task_options):
    """Decorator: a Celery task taking a JobRun id; the body gets (job, progress).
    `idempotent`: running the same job twice writes nothing twice (the reaper may then
    run it again after its worker died). `on_change(job)`: called when a service
    outside the worker cancels, retries or fails the job (e.g. a summary follows it)."""

    def decorator(func):
        @shared_task(bind=True, name=f"{func.__module__}.{func.__name__}", **task_options)
        @functools.wraps(func)
        def run(self, job_id: int):
            attempt = _claim(job_id)
            if attempt is None:
                return None  # finished, cancelled, or running elsewhere: a duplicate message
            job = JobRun.objects.get(pk=job_id)

            def progress(pct: int, message: str = ""):
                if not _mine(job_id, attempt).update(
                    progress=max(0, min(100, int(pct))), message=message[:500], heartbeat_at=timezone.now()
                ):
                    raise JobStopped

            _RUNNING_HERE.add(job_id)
            beat = _Heartbeat(job_id, attempt)
            beat.start()
            try:
                result = func(job, progress)
            except JobStopped:
                return None
            except JobError as exc:
                _end(job_id, attempt, status=S.FAILED, message=str(exc)[:500])
                return None
            except SoftTimeLimitExceeded:
                hours = settings.CELERY_TASK_TIME_LIMIT // 3600
                _end(job_id, attempt, status=S.FAILED, message=_("任务执行超过%(h)d小时，已停止") % {"h": hours})
                return None
            except Exception:
                logger.exception("job %s failed", job_id)
                _end(job_id, attempt, status=S.FAILED, message=_("系统错误，请联系管理员"))
                raise
            finally:
                beat.stop()
                _RUNNING_HERE.discard(job_id)
            _end(job_id, attempt, status=S.SUCCESS, progress=100, message=_("已完成"), result=result or {})
            return job_id

        _TASKS[run.name] = JobTask(task=run, idempotent=idempotent, on_change=on_change)
        return run

    return decorator


def _changed(job: JobRun) -> None:
    spec = _TASKS.get(job.task_name)
    if spec and spec.on_change:
        spec.on_change(JobRun.objects.get(pk=job.pk))


def _check_may_act(job: JobRun, by) -> None:
    if not scoped(JobRun.objects.filter(pk=job.pk), by).exists() or not can_write(by):
        raise PermissionDenied


def job_cancel(*, job: JobRun, by) -> JobRun:
    """Cancel a job that has not finished; its worker stops at its next progress call."""
    _check_may_act(job, by)
    with transaction.atomic():
        job = JobRun.objects.select_for_update().get(pk=job.pk)
        if job.status not in JobRun.ACTIVE:
            raise JobError(_("任务已结束，不能取消"))
        job.status, job.finished_at = S.CANCELLED, timezone.now()
        job.message = _("已由%(who)s取消") % {"who": by.get_username()}
        job.save(update_fields=["status", "finished_at", "message"])
        _changed(job)
    return job


def job_retry(*, job: JobRun, by) -> JobRun:
    """Run a failed or cancelled job again, on the same row (its page and links stay)."""
    _check_may_act(job, by)
    with transaction.atomic():
        job = JobRun.objects.select_for_update().get(pk=job.pk)
        if job.status not in (S.FAILED, S.CANCELLED):
            raise JobError(_("只有失败或已取消的任务可以重试"))
        JobRun.objects.filter(pk=job.pk).update(
            status=S.PENDING,
            progress=0,
            result={},
            requeues=0,
            started_at=None,
            finished_at=None,
            heartbeat_at=None,
            message=_("已由%(who)s重新发起") % {"who": by.get_username()},
        )
        job.refresh_from_db()
        _changed(job)
        transaction.on_commit(functools.partial(job_send, job.pk), robust=True)
    return job


def _reap(job: JobRun) -> str | None:
    spec = _TASKS.get(job.task_name)
    requeue = spec is not None and spec.idempotent and job.requeues < _setting("JOB_MAX_REQUEUES")
    with transaction.atomic():
        mine = JobRun.objects.filter(pk=job.pk, status=S.RUNNING, attempt=job.attempt)
        if requeue:
            done = mine.update(
                status=S.PENDING,
                requeues=F("requeues") + 1,
                heartbeat_at=None,
                message=_("执行任务的进程已中断，正在自动重新执行"),
            )
        else:
            done = mine.update(status=S.FAILED, finished_at=timezone.now(), message=_("执行任务的进程已中断，请重试"))
        if not done:
            return None  # it beat, finished or was cancelled meanwhile
        _changed(job)
    return "requeued" if requeue else "failed"  # a requeued row is sent with the 待执行 ones


def jobs_watch() -> dict:
    """The sweep (every minute, and when a worker starts): reap running jobs whose
    worker is gone, send 待执行 rows, and send again rows queued for longer than
    JOB_RESEND_SECONDS (a message lost with a broker restart; a duplicate does nothing)."""
    now = timezone.now()
    counts = {"requeued": 0, "failed": 0, "sent": 0, "unsent": 0}
    for job in JobRun.objects.filter(status=S.RUNNING):
        if _worker_gone(job, now):
            outcome = _reap(job)
            if outcome:
                counts[outcome] += 1
    resend = now - dt.timedelta(seconds=_setting("JOB_RESEND_SECONDS"))
    waiting = JobRun.objects.filter(status=S.PENDING) | JobRun.objects.filter(status=S.QUEUED, sent_at__lt=resend)
    for job_id in waiting.values_list("pk", flat=True):
        counts["sent" if job_send(job_id) else "unsent"] += 1
    return counts
