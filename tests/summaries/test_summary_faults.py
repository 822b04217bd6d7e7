"""Annual summary jobs under faults (issue 13): simultaneous requests build one version,
the broker down keeps the version 待执行 and it is built when the broker is back, a
killed build is re-run on the same version, cancel/retry show on the version."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

import core.jobs
from core.jobs import job_cancel, job_retry, jobs_watch
from core.models import JobRun
from summaries.models import AnnualSummary
from summaries.services import summary_request
from summaries.tasks import build_summary

from .conftest import YEAR

S = JobRun.Status


def request(w, capture, by=None):
    with capture(execute=True):
        summary = summary_request(region=w.regions.city, year=YEAR, by=by or w.city_staff)
    summary.refresh_from_db()
    return summary


@pytest.mark.django_db(transaction=True)
def test_three_simultaneous_requests_build_one_version(data, monkeypatch):
    monkeypatch.setattr(core.jobs, "job_send", lambda job_id: True)  # the jobs stay waiting
    w = data.world
    barrier, got, errors = threading.Barrier(3), [], []

    def click():
        try:
            barrier.wait()
            got.append(summary_request(region=w.regions.city, year=YEAR, by=w.city_staff).pk)
        except Exception as exc:  # an IntegrityError here would be the race
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and len(got) == 3
    assert AnnualSummary.objects.count() == 1 and set(got) == {AnnualSummary.objects.get().pk}
    assert JobRun.objects.filter(kind="summaries.build").count() == 1


@pytest.mark.django_db
def test_a_request_while_one_is_in_flight_returns_it_and_a_finished_one_does_not(
    data, monkeypatch, django_capture_on_commit_callbacks
):
    w = data.world
    with monkeypatch.context() as m:
        m.setattr(core.jobs, "job_send", lambda job_id: True)
        first = request(w, django_capture_on_commit_callbacks)
        again = request(w, django_capture_on_commit_callbacks, by=w.revealer)
    assert again.pk == first.pk and again.already_running and not first.already_running
    jobs_watch()  # the broker takes it: built
    assert AnnualSummary.objects.get(pk=first.pk).status == AnnualSummary.Status.SUCCESS
    second = request(w, django_capture_on_commit_callbacks)
    assert second.version == 2 and second.status == AnnualSummary.Status.SUCCESS


@pytest.mark.django_db
def test_broker_down_start_page_is_no_500_and_the_version_is_built_when_it_is_back(
    data, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    w = data.world
    monkeypatch.setattr(build_summary, "apply_async", refuse)
    client = client_for(w.city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(reverse("admin:summaries_annualsummary_start"), {"region": w.regions.city.pk, "year": YEAR})
    summary = AnnualSummary.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("summaries:detail", args=[summary.pk])
    assert summary.status == AnnualSummary.Status.QUEUED and summary.job.status == S.PENDING
    page = client.get(resp.url).content.decode()
    assert "待执行：消息队列暂时不可用，恢复后将自动执行" in page
    assert 'id="job-cancel"' in page  # a waiting job can be cancelled
    monkeypatch.undo()
    assert jobs_watch()["sent"] == 1
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.SUCCESS and summary.version == 1


@pytest.mark.django_db
def test_a_killed_build_is_rerun_by_the_reaper_on_the_same_version(data, django_capture_on_commit_callbacks):
    w = data.world
    summary = request(w, django_capture_on_commit_callbacks)
    old_docx = summary.docx.name
    JobRun.objects.filter(pk=summary.job_id).update(
        status=S.RUNNING, worker="elsewhere:1", heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
    )
    AnnualSummary.objects.filter(pk=summary.pk).update(status=AnnualSummary.Status.RUNNING, progress=72)
    assert jobs_watch()["requeued"] == 1
    summary.refresh_from_db()
    assert AnnualSummary.objects.count() == 1 and summary.status == AnnualSummary.Status.SUCCESS
    assert {f["key"]: f["value"] for f in summary.figures} == {"t.units": 4, "t.schools": 3, "t.hours": 47}
    assert summary.docx.name != old_docx and not summary.docx.storage.exists(old_docx)  # replaced, not added


@pytest.mark.django_db
def test_cancel_and_retry_show_on_the_version(data, client_for, monkeypatch, django_capture_on_commit_callbacks):
    w = data.world
    monkeypatch.setattr(core.jobs, "job_send", lambda job_id: True)
    summary = request(w, django_capture_on_commit_callbacks)
    job_cancel(job=summary.job, by=w.city_staff)
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.FAILED and summary.message == "已由city_staff取消"
    assert (
        'id="job-retry"'
        in client_for(w.city_staff).get(reverse("summaries:detail", args=[summary.pk])).content.decode()
    )
    job_retry(job=summary.job, by=w.city_staff)
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.QUEUED
    monkeypatch.undo()
    jobs_watch()
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.SUCCESS and AnnualSummary.objects.count() == 1
