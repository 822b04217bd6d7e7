"""kill -9 of a real worker mid-job (issue 13). The worker is a separate `celery worker`
process on the configured broker (Redis in CI's PostgreSQL run, the file-system broker
otherwise) and the test database; it is killed with its whole process group, as when
a machine or container dies, and started again. Heartbeats every second here.

Stated recovery: when the worker comes back on the same host, its start-up sweep finds
the dead process id and re-queues (or fails) the job at once — within a few seconds of
the restart; a worker that never comes back is found by the minute's sweep once the
heartbeat is JOB_STALE_SECONDS old (unit-tested in test_job_faults.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from civcreate.celery import app
from core.jobs import job_retry, job_start
from core.models import JobRun

from .job_tasks import idempotent_steps, one_shot_steps

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
S = JobRun.Status
BASE = Path(__file__).resolve().parents[2]
RECOVERY_SECONDS = 60  # after the restarted worker is up (a loaded 2-core CI machine boots it slowly)


def wait_for(check, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return f"sqlite:///{db['NAME']}"


class Worker:
    def __init__(self):
        self.proc = None
        self.log = Path(settings.VAR_DIR) / "kill-worker.log"

    def start(self):
        readies = self._readies()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "civcreate.settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "VAR_DIR": str(settings.VAR_DIR),
            "JOB_HEARTBEAT_SECONDS": "1",
            "JOB_STALE_SECONDS": "20",
        }
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "civcreate",
            "worker",
            "--pool",
            "solo",
            "-I",
            "tests.core.job_tasks",
        ]
        self.proc = subprocess.Popen(
            [*cmd, "-l", "info", "-n", f"kill-test-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
            cwd=BASE,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert wait_for(lambda: self._readies() > readies, 60), self.log.read_text(errors="replace")[-3000:]

    def _readies(self) -> int:
        return self.log.read_text(errors="replace").count(" ready.") if self.log.exists() else 0

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.kill()  # idle by now: nothing to lose


@pytest.fixture
def worker(world):
    app.conf.task_always_eager = False
    w = Worker()
    try:
        yield w
    finally:
        w.stop()
        app.conf.task_always_eager = True


def row(job):
    return JobRun.objects.get(pk=job.pk)


def _kill_midway(worker, task, user):
    worker.start()
    job = job_start(kind="t.steps", label="测试任务", task=task, user=user, params={"steps": 30, "sleep": 0.4})
    assert wait_for(lambda: row(job).progress >= 20, 60), row(job).message
    worker.kill()
    stuck = row(job)
    assert stuck.status == S.RUNNING and 20 <= stuck.progress < 100
    worker.start()
    return job, time.monotonic()


def test_killed_idempotent_job_is_rerun_when_the_worker_restarts(world, worker):
    job, restarted = _kill_midway(worker, idempotent_steps, world.city_staff)
    assert wait_for(lambda: row(job).status == S.SUCCESS, RECOVERY_SECONDS + 15), row(job).__dict__
    recovered = time.monotonic() - restarted
    job = row(job)
    assert job.attempt == 2 and job.requeues == 1 and job.result == {"steps": 30, "attempt": 2}
    assert recovered < RECOVERY_SECONDS + 15  # 12 s of steps included


def test_killed_one_shot_job_fails_with_its_reason_and_retry_runs_it(world, worker):
    job, restarted = _kill_midway(worker, one_shot_steps, world.city_staff)
    assert wait_for(lambda: row(job).status == S.FAILED, RECOVERY_SECONDS), row(job).__dict__
    assert row(job).message == "执行任务的进程已中断，请重试"
    job_retry(job=row(job), by=world.city_staff)
    assert wait_for(lambda: row(job).status == S.SUCCESS, 60), row(job).__dict__
    assert row(job).attempt == 2


def test_heartbeat_is_written_while_the_body_is_silent(world, worker):
    worker.start()
    job = job_start(
        kind="t.steps", label="测试任务", task=one_shot_steps, user=world.city_staff, params={"steps": 1, "sleep": 4}
    )
    assert wait_for(lambda: row(job).status == S.RUNNING, 30)
    beats = set()
    wait_for(lambda: beats.add(row(job).heartbeat_at) or len(beats) >= 3, 8)
    assert len(beats) >= 3 and row(job).progress == 0  # beats without progress calls
    assert wait_for(lambda: row(job).status == S.SUCCESS, 30)
