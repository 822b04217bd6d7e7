"""A confirmed roster import is idempotent as a job (issue 13): re-run after its worker
died, before or after its commit, it writes every row exactly once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

import core.jobs
from core.jobs import jobs_watch
from core.models import ImportLog, JobRun
from volunteers.models import Volunteer

from .test_import import _messy_rows, _xlsx

pytestmark = pytest.mark.django_db


def _job_of(resp):
    return JobRun.objects.get(pk=int(resp.url.rstrip("/").rsplit("/", 1)[1]))


@pytest.fixture
def staff_client(client_for, vworld):
    import volunteers.views.staff as staff

    staff.INLINE_IMPORT_BYTES = 1  # every file runs as a job (eagerly here)
    yield client_for(vworld.w.city_staff)
    staff.INLINE_IMPORT_BYTES = 256 * 1024


@pytest.fixture
def checked_job(staff_client, vworld, django_capture_on_commit_callbacks):
    """The dry run of a three-row roster, run as a job."""
    with django_capture_on_commit_callbacks(execute=True):
        resp = staff_client.post(
            reverse("volunteers:import"), {"kind": "volunteers.volunteers", "file": _xlsx(_messy_rows(vworld))}
        )
    return _job_of(resp)


@pytest.fixture
def confirmed_job(staff_client, checked_job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        resp = staff_client.post(reverse("volunteers:import_confirm"), {"job": checked_job.pk})
    return _job_of(resp)


def worker_died(job):
    JobRun.objects.filter(pk=job.pk).update(
        status=JobRun.Status.RUNNING,
        progress=72,
        message="正在写入",
        worker="elsewhere:1",
        heartbeat_at=timezone.now() - dt.timedelta(minutes=10),
    )


def test_import_job_belongs_to_the_region_of_its_starter(confirmed_job, vworld):
    assert confirmed_job.region == vworld.w.regions.city and confirmed_job.status == JobRun.Status.SUCCESS


def test_rerun_after_the_commit_reports_the_import_and_writes_nothing_twice(
    confirmed_job, client_for, vworld, django_capture_on_commit_callbacks
):
    assert Volunteer.objects.filter(source="import").count() == 3
    worker_died(confirmed_job)  # killed after the commit, before the row said 已完成
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_watch()["requeued"] == 1
    confirmed_job.refresh_from_db()
    assert confirmed_job.status == JobRun.Status.SUCCESS and confirmed_job.attempt == 2
    assert confirmed_job.result["ok"] and confirmed_job.result["created"] == 3
    assert Volunteer.objects.filter(source="import").count() == 3
    assert ImportLog.objects.filter(ok=True).count() == 1
    page = client_for(vworld.w.city_staff).get(reverse("volunteers:import_job", args=[confirmed_job.pk]))
    assert "导入完成：共写入3行" in page.content.decode()


def test_rerun_after_a_kill_before_the_commit_imports_once(
    staff_client, checked_job, monkeypatch, django_capture_on_commit_callbacks
):
    with monkeypatch.context() as m:
        m.setattr(core.jobs, "job_send", lambda job_id: True)
        job = _job_of(staff_client.post(reverse("volunteers:import_confirm"), {"job": checked_job.pk}))
    worker_died(job)  # what a kill -9 at 72% leaves: the write rolled back, the row says running
    assert Volunteer.objects.filter(source="import").count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        jobs_watch()
    job.refresh_from_db()
    assert job.status == JobRun.Status.SUCCESS and job.result["created"] == 3
    assert Volunteer.objects.filter(source="import").count() == 3 and ImportLog.objects.filter(ok=True).count() == 1


def test_dry_run_stuck_at_zero_is_rerun(checked_job, django_capture_on_commit_callbacks):
    check = checked_job
    worker_died(check)
    JobRun.objects.filter(pk=check.pk).update(progress=0)
    with django_capture_on_commit_callbacks(execute=True):
        jobs_watch()
    check.refresh_from_db()
    assert check.status == JobRun.Status.SUCCESS and check.result["ok"] and check.result["dry_run"]
    assert Volunteer.objects.filter(source="import").count() == 0  # a check writes nothing
