"""Jobs that always finish or say why (issue 13): heartbeat, the reaper, 重试 and 取消,
the outbox when the broker is down. Tasks run eagerly here; the real-worker kill -9
runs are in test_job_worker_kill.py."""

import datetime as dt
import socket
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from core.jobs import JobError, job_cancel, job_retry, job_start, jobs_watch
from core.models import JobRun

from . import job_tasks
from .job_tasks import idempotent_steps, one_shot_steps

pytestmark = pytest.mark.django_db
S = JobRun.Status


@pytest.fixture(autouse=True)
def clean_hooks():
    yield
    job_tasks.BETWEEN_STEPS.clear()
    job_tasks.DONE_STEPS.clear()


def start(task, user, region=None, capture=None, **params):
    with capture(execute=True):
        job = job_start(kind="t.steps", label="测试任务", task=task, user=user, region=region, params=params)
    job.refresh_from_db()
    return job


def died(job, *, worker="elsewhere:1", minutes_ago=10):
    """The job's worker vanished: the row still says running, with an old heartbeat."""
    JobRun.objects.filter(pk=job.pk).update(
        status=S.RUNNING,
        worker=worker,
        finished_at=None,
        progress=72,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_progress_writes_the_heartbeat_and_the_row_names_its_task_and_worker(world, django_capture_on_commit_callbacks):
    beats = []
    job_tasks.BETWEEN_STEPS.append(lambda job, i: beats.append(JobRun.objects.get(pk=job.pk).heartbeat_at))
    job = start(idempotent_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    assert job.status == S.SUCCESS and job.attempt == 1
    assert job.task_name == "tests.core.job_tasks.idempotent_steps"
    assert job.worker.startswith(socket.gethostname() + ":")
    assert len(beats) == 3 and beats == sorted(beats) and beats[0] >= job.started_at


def test_reaper_reruns_an_idempotent_job_whose_worker_vanished(world, django_capture_on_commit_callbacks):
    job = start(idempotent_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    died(job)
    with django_capture_on_commit_callbacks(execute=True):
        counts = jobs_watch()  # eager: the requeued job runs right here
    assert counts["requeued"] == 1 and counts["sent"] == 1
    job.refresh_from_db()
    assert job.status == S.SUCCESS and job.attempt == 2 and job.requeues == 1
    assert job.result == {"steps": 3, "attempt": 2}


def test_reaper_fails_a_job_that_is_not_idempotent_with_a_chinese_reason(world, django_capture_on_commit_callbacks):
    job = start(one_shot_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    died(job)
    assert jobs_watch()["failed"] == 1
    job.refresh_from_db()
    assert job.status == S.FAILED and job.message == "执行任务的进程已中断，请重试" and job.finished_at
    assert job.get_status_display() == "失败"


def test_reaper_gives_up_after_the_allowed_reruns(world, settings, django_capture_on_commit_callbacks):
    job = start(idempotent_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    died(job)
    JobRun.objects.filter(pk=job.pk).update(requeues=settings.JOB_MAX_REQUEUES)
    assert jobs_watch()["failed"] == 1
    job.refresh_from_db()
    assert job.status == S.FAILED and "已中断" in job.message


def test_a_dead_process_on_this_host_is_reaped_without_waiting_for_the_heartbeat(
    world, django_capture_on_commit_callbacks
):
    job = start(one_shot_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    died(job, worker=f"{socket.gethostname()}:{dead_pid()}", minutes_ago=0)
    assert jobs_watch()["failed"] == 1


def test_a_live_worker_is_left_alone_and_a_duplicate_message_does_nothing(world, django_capture_on_commit_callbacks):
    job = start(idempotent_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    import os

    died(job, worker=f"{socket.gethostname()}:{os.getppid()}", minutes_ago=1)  # a live process, a fresh beat
    assert jobs_watch() == {"requeued": 0, "failed": 0, "sent": 0, "unsent": 0}
    assert idempotent_steps.apply(args=[job.pk]).result is None  # redelivered while it runs elsewhere
    job.refresh_from_db()
    assert job.status == S.RUNNING and job.attempt == 1 and job_tasks.DONE_STEPS.count((job.pk, 0)) == 1


def test_cancel_stops_the_worker_at_its_next_progress_call(world, django_capture_on_commit_callbacks):
    def cancel_after_first_step(job, i):
        if i == 0:
            job_cancel(job=job, by=world.county_a_staff)  # staff of the region, while it runs

    job_tasks.BETWEEN_STEPS.append(cancel_after_first_step)
    job = start(
        idempotent_steps, world.city_staff, region=world.regions.county_a, capture=django_capture_on_commit_callbacks
    )
    assert job.status == S.CANCELLED and job.message == "已由county_a_staff取消" and job.finished_at
    assert job_tasks.DONE_STEPS == [(job.pk, 0)]  # step 2 never ran
    assert jobs_watch()["sent"] == 0  # a cancelled job is not picked up again


def test_retry_runs_a_failed_job_again_on_the_same_row(world, django_capture_on_commit_callbacks):
    job = start(one_shot_steps, world.city_staff, capture=django_capture_on_commit_callbacks)
    died(job)
    jobs_watch()
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=job, by=world.city_staff)
    job.refresh_from_db()
    assert job.status == S.SUCCESS and job.attempt == 2 and job.result["attempt"] == 2
    with pytest.raises(JobError, match="只有失败或已取消的任务可以重试"):
        job_retry(job=job, by=world.city_staff)
    with pytest.raises(JobError, match="任务已结束"):
        job_cancel(job=job, by=world.city_staff)


def test_job_pages_offer_retry_and_cancel_to_the_starter_and_the_region_staff_only(
    world, client_for, django_capture_on_commit_callbacks
):
    job = start(
        one_shot_steps, world.county_a_staff, region=world.regions.county_a, capture=django_capture_on_commit_callbacks
    )
    died(job)
    jobs_watch()
    page_url = reverse("portal:job_status", args=[job.pk])
    retry_url = reverse("portal:job_retry", args=[job.pk])
    for user in (world.county_a_staff, world.city_staff):
        page = client_for(user).get(page_url).content.decode()
        assert "执行任务的进程已中断，请重试" in page and 'id="job-retry"' in page and 'id="job-cancel"' not in page
    for user in (world.county_b_staff, world.liaison_a, world.reviewer):
        assert client_for(user).post(retry_url).status_code == 404
    assert client_for(world.official).post(retry_url).status_code == 403  # sees it, may not act
    assert 'id="job-retry"' not in client_for(world.official).get(page_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resp = client_for(world.city_staff).post(retry_url, {"next": "https://evil.example/"})
    assert resp.url == page_url  # no open redirect
    job.refresh_from_db()
    assert job.status == S.SUCCESS and job.message == "已完成"
    assert client_for(world.city_staff).post(reverse("portal:job_cancel", args=[job.pk])).status_code == 302
    assert JobRun.objects.get(pk=job.pk).status == S.SUCCESS  # too late: a message, no change


def test_broker_down_keeps_the_job_pending_and_the_sweep_sends_it_when_back(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(idempotent_steps, "apply_async", refuse)
    job = start(idempotent_steps, world.city_staff, capture=django_capture_on_commit_callbacks)  # nothing raised
    assert job.status == S.PENDING and job.get_status_display() == "待执行"
    assert job.message == "消息队列暂时不可用，恢复后将自动执行"
    assert jobs_watch()["unsent"] == 1
    monkeypatch.undo()  # the broker is back
    assert jobs_watch()["sent"] == 1
    job.refresh_from_db()
    assert job.status == S.SUCCESS


def test_a_job_page_opened_while_the_job_waits_sends_it(world, client_for, monkeypatch):
    job = JobRun.objects.create(kind="t", label="t", task_name=idempotent_steps.name, requested_by=world.city_staff)
    JobRun.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    client_for(world.city_staff).get(reverse("portal:job_status", args=[job.pk]))
    assert JobRun.objects.get(pk=job.pk).status == S.SUCCESS


def test_a_message_queued_for_long_is_sent_again_and_runs_once(world, settings):
    job = JobRun.objects.create(
        kind="t", label="t", task_name=idempotent_steps.name, status=S.QUEUED, requested_by=world.city_staff
    )
    JobRun.objects.filter(pk=job.pk).update(
        sent_at=timezone.now() - dt.timedelta(seconds=settings.JOB_RESEND_SECONDS + 1)
    )
    assert jobs_watch()["sent"] == 1
    assert idempotent_steps.apply(args=[job.pk]).result is None  # the original message, arriving late
    job.refresh_from_db()
    assert job.status == S.SUCCESS and job.attempt == 1
