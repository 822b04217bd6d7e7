"""The annual summary and the reminder scan on a real Celery worker: over Redis when
REDIS_URL is set (CI), otherwise over the file-system broker the embedded setup uses.
Never skipped: whichever broker is configured is the one exercised."""

import datetime as dt
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from civcreate.celery import app
from core import registry
from core.models import JobRun
from core.registry import DueItem
from notices.models import Notice, ReminderDigest, ReminderRun
from notices.tasks import send_daily_reminders
from summaries.models import AnnualSummary
from summaries.services import summary_request

from .conftest import YEAR

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(check, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def real_worker():
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    broker = app.conf.broker_url
    expected = settings.REDIS_URL or "filesystem://"
    assert broker == expected, f"worker test must use the configured broker ({expected}), got {broker}"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING") as worker:
        try:
            yield worker
        finally:
            app.conf.task_always_eager = eager


def test_summary_and_reminder_scan_run_on_a_real_worker(data, real_worker):
    w = data.world
    w.liaison_a.email = "liaison_a@example.com"
    w.liaison_a.save()
    summary = summary_request(region=w.regions.city, year=YEAR, by=w.city_staff)  # queued on commit
    assert wait_for(lambda: AnnualSummary.objects.get(pk=summary.pk).finished), "summary did not finish"
    summary.refresh_from_db()
    assert summary.status == AnnualSummary.Status.SUCCESS, summary.message
    assert {f["key"]: f["value"] for f in summary.figures} == {"t.units": 4, "t.schools": 3, "t.hours": 47}
    assert JobRun.objects.get(pk=summary.job_id).status == JobRun.Status.SUCCESS
    assert summary.docx.storage.exists(summary.docx.name)

    day = dt.date(2025, 3, 10)
    item = DueItem(key="w:1", kind="年度材料", title="报送年度台账", due_date=day, recipient_ids=(w.liaison_a.pk,))
    registry._DUE_SOURCES[:] = [lambda start, end: [item]]
    try:
        send_daily_reminders.delay(day.isoformat())
        send_daily_reminders.delay(day.isoformat())  # a second delivery the same day
        assert wait_for(lambda: ReminderRun.objects.filter(finished_at__isnull=False).count() == 2)
    finally:
        registry._DUE_SOURCES[:] = []
    assert list(ReminderDigest.objects.values_list("status", flat=True)) == [ReminderDigest.Status.SENT]
    assert Notice.objects.filter(user=w.liaison_a).count() == 1
    assert [m.to for m in mail.outbox] == [["liaison_a@example.com"]]
