"""The trivial foundation job (units per region) on a real Celery worker.

With REDIS_URL set (CI's PostgreSQL run) the worker takes the job over Redis; without
it, over the file-system broker that `make run` uses. Never eager here."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from civcreate.celery import app
from core.models import JobRun
from units.services import unit_recount_start


@pytest.fixture
def real_worker(transactional_db):
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield app.conf.broker_url
    finally:
        app.conf.task_always_eager = True


def wait_for(job_id, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = JobRun.objects.get(pk=job_id)
        if job.finished:
            return job
        time.sleep(0.2)
    raise AssertionError("job did not finish on the worker")


@pytest.mark.worker
def test_recount_job_runs_on_a_real_worker(world, real_worker, client_for):
    expected_broker = "redis" if settings.REDIS_URL else "filesystem"
    assert real_worker.startswith(expected_broker)
    job = unit_recount_start(user=world.city_staff)
    job = wait_for(job.pk)
    assert job.status == JobRun.Status.SUCCESS
    assert job.result["单位总数"] == 4
    counts = {r["区划"]: r["单位数"] for r in job.result["各区划单位数"]}
    assert counts["梁园区"] == 2 and counts["睢阳区"] == 1
    page = client_for(world.city_staff).get(reverse("portal:job_status", args=[job.pk]) + "?format=json").json()
    assert page["finished"] and page["status_display"] == "已完成"


@pytest.mark.django_db
def test_job_started_from_admin_is_visible_to_its_starter_only(world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.county_a_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:units_region_recount"))
    job = JobRun.objects.get()
    assert response.url == reverse("admin:core_jobrun_change", args=[job.pk])
    assert job.status == JobRun.Status.SUCCESS  # eager in this test
    assert job.result["单位总数"] == 2  # 梁园区 only
    page = client.get(response.url).content.decode()
    assert "<th>区划</th>" in page and "<td>平原街道</td>" in page  # per-township rows of 梁园区
    assert "<th>单位总数</th><td>2</td>" in page
    assert 'name="_save"' not in page  # the record is the job's, not editable
    assert client_for(world.liaison_b).get(reverse("portal:job_status", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_redelivered_job_message_does_nothing(world, django_capture_on_commit_callbacks):
    from units.tasks import recount_units

    with django_capture_on_commit_callbacks(execute=True):
        job = unit_recount_start(user=world.city_staff)
    job.refresh_from_db()
    assert job.status == JobRun.Status.SUCCESS
    assert recount_units.apply(args=[job.pk]).result is None  # already finished: skipped
