"""Never the same notice twice, never a lost one: runs twice, interleaved workers,
a worker killed between claim and send, items arriving after the day's digest."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.db import OperationalError, connection

from notices import scan
from notices.models import Notice, ReminderDelivery, ReminderDigest, ReminderPolicy
from notices.scan import reminders_run

from .conftest import DAY, item


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the scan catches it."""


def three_people_items(w):
    return [
        item("a1", DAY, w.liaison_a),
        item("a2", DAY + dt.timedelta(days=1), w.liaison_a),
        item("a3", DAY - dt.timedelta(days=1), w.liaison_a),
        item("b1", DAY, w.liaison_b),
        item("c1", DAY - dt.timedelta(days=3), w.liaison_b, region=w.regions.county_b),
    ]


@pytest.mark.django_db
def test_one_digest_per_person_per_day_lists_all_their_items(people, due):
    due.items = three_people_items(people)
    result = reminders_run(on=DAY)
    assert result.digests_sent == 3  # liaison_a, liaison_b, county_b_staff (escalation)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    body = by_person["liaison_a@example.com"].body
    assert all(f"事项{k}" in body for k in ("a1", "a2", "a3"))
    assert "共3项" in by_person["liaison_a@example.com"].subject
    assert Notice.objects.filter(user=people.liaison_a).count() == 1


@pytest.mark.django_db
def test_running_twice_the_same_day_sends_nothing_the_second_time(people, due):
    due.items = three_people_items(people)
    reminders_run(on=DAY)
    rows, notices, mails = ReminderDelivery.objects.count(), Notice.objects.count(), len(mail.outbox)
    second = reminders_run(on=DAY)
    assert second.digests_sent == 0 and second.mails_sent == 0
    assert (ReminderDelivery.objects.count(), Notice.objects.count(), len(mail.outbox)) == (rows, notices, mails)


@pytest.mark.django_db
def test_item_arriving_after_the_digest_went_out_waits_for_the_next_days_digest(people, due):
    due.items = [item("a1", DAY, people.liaison_a)]
    reminders_run(on=DAY)
    due.items.append(item("late", DAY + dt.timedelta(days=1), people.liaison_a))
    reminders_run(on=DAY)
    assert len(mail.outbox) == 1  # still one mail that day
    waiting = ReminderDelivery.objects.get(item_key="late")
    assert waiting.digest_id is None
    reminders_run(on=DAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert "事项late" in mail.outbox[1].body
    late = ReminderDelivery.objects.filter(item_key="late")
    assert sorted(late.values_list("stage", flat=True)) == ["due", "upcoming:1"]
    assert {d.digest.date for d in late} == {DAY + dt.timedelta(days=1)}


@pytest.mark.django_db
def test_worker_killed_between_claim_and_send_misses_nothing(people, due, monkeypatch):
    due.items = three_people_items(people)
    monkeypatch.setattr(scan, "send_pending", lambda *a, **k: (_ for _ in ()).throw(WorkerKilled()))
    with pytest.raises(WorkerKilled):
        reminders_run(on=DAY)
    assert mail.outbox == [] and ReminderDelivery.objects.count() == 6
    monkeypatch.undo()
    due.items = three_people_items(people)
    from core import registry

    monkeypatch.setattr(registry, "_DUE_SOURCES", [lambda s, e: three_people_items(people)])
    reminders_run(on=DAY)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "county_b@example.com",
        "liaison_a@example.com",
        "liaison_b@example.com",
    ]


@pytest.mark.django_db
def test_worker_killed_while_sending_sends_each_mail_exactly_once(people, due, monkeypatch):
    due.items = three_people_items(people)
    real_send = EmailMessage.send
    calls = {"n": 0}

    def dying_send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise WorkerKilled
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", dying_send)
    with time_machine.travel(dt.datetime(2025, 3, 10, 8, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(WorkerKilled):
            reminders_run(on=DAY)
        assert len(mail.outbox) == 1
        # the dead worker's taken digests (the one it died on and the rest of its batch)
        assert ReminderDigest.objects.filter(status=ReminderDigest.Status.SENDING).count() == 2
        # a second worker right away must not touch digests another worker may be sending
        reminders_run(on=DAY)
        assert len(mail.outbox) == 1
        assert ReminderDigest.objects.filter(status=ReminderDigest.Status.SENDING).count() == 2
    timeout = ReminderPolicy.current().claim_timeout_minutes
    with time_machine.travel(dt.datetime(2025, 3, 10, 8, timeout + 1, tzinfo=dt.UTC), tick=False):
        reminders_run(on=DAY)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["county_b@example.com", "liaison_a@example.com", "liaison_b@example.com"]
    assert Notice.objects.count() == 3
    assert set(ReminderDigest.objects.values_list("status", flat=True)) == {ReminderDigest.Status.SENT}


@pytest.mark.django_db
def test_two_workers_interleaved_claim_and_send_send_once(people, due):
    policy = ReminderPolicy.current()
    targets = scan.EscalationTargets()
    targets.load([people.regions.county_b.pk])
    batch = list(scan.plan(three_people_items(people), DAY, policy, targets))
    # worker A claims, then worker B does a whole run, then A sends
    scan.claim(batch, DAY)
    reminders_run(on=DAY)
    scan.claim(batch, DAY)
    result_a = scan.ScanResult(date=DAY)
    scan.send_pending(DAY, policy, result_a)
    assert result_a.digests_sent == 0
    assert len(mail.outbox) == 3
    assert ReminderDelivery.objects.count() == len(batch) == 6


@pytest.mark.django_db
def test_mail_server_failure_leaves_digest_pending_for_the_retry(people, due, monkeypatch):
    due.items = [item("a1", DAY, people.liaison_a)]

    def broken(self, *a, **k):
        raise OSError("SMTP 连接失败")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with pytest.raises(scan.SendFailed):
        reminders_run(on=DAY)
    digest = ReminderDigest.objects.get()
    assert digest.status == ReminderDigest.Status.PENDING and "SMTP" in digest.error
    monkeypatch.undo()
    monkeypatch.setattr("core.registry._DUE_SOURCES", [lambda s, e: [item("a1", DAY, people.liaison_a)]])
    reminders_run(on=DAY)
    assert len(mail.outbox) == 1 and Notice.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_time_send_each_digest_once(people, monkeypatch):
    items = three_people_items(people)
    monkeypatch.setattr("core.registry._DUE_SOURCES", [lambda s, e: items])
    errors = []
    barrier = threading.Barrier(2)

    def worker():
        # like the Celery task (autoretry_for=OperationalError): a locked database is retried
        barrier.wait()
        try:
            for attempt in range(60):
                try:
                    reminders_run(on=DAY)
                    break
                except OperationalError:
                    time.sleep(min(0.5, 0.05 * (attempt + 1)))
            else:
                errors.append("gave up")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == [
        "county_b@example.com",
        "liaison_a@example.com",
        "liaison_b@example.com",
    ]
    assert Notice.objects.count() == 3


@pytest.mark.django_db
def test_worker_killed_after_the_mail_left_resends_it_under_the_same_message_id(people, due, monkeypatch):
    """The one window no mail system closes: the mail went out, the worker died before
    marking the digest sent. The retry mails it again, recognisably the same message."""
    due.items = three_people_items(people)
    real_send = EmailMessage.send
    calls = {"n": 0}

    def send_then_die(self, *args, **kwargs):
        calls["n"] += 1
        sent = real_send(self, *args, **kwargs)
        if calls["n"] == 1:
            raise WorkerKilled
        return sent

    monkeypatch.setattr(EmailMessage, "send", send_then_die)
    with time_machine.travel(dt.datetime(2025, 3, 10, 8, 0, tzinfo=dt.UTC), tick=False):
        with pytest.raises(WorkerKilled):
            reminders_run(on=DAY)
    first = mail.outbox[0]
    timeout = ReminderPolicy.current().claim_timeout_minutes
    with time_machine.travel(dt.datetime(2025, 3, 10, 8, timeout + 1, tzinfo=dt.UTC), tick=False):
        reminders_run(on=DAY)
    again = [m for m in mail.outbox[1:] if m.to == first.to]
    assert len(again) == 1 and len(mail.outbox) == 4
    assert again[0].extra_headers["Message-ID"] == first.extra_headers["Message-ID"]
    assert again[0].message()["Message-ID"].startswith("<reminder-digest-")
    assert Notice.objects.filter(user__email=first.to[0]).count() == 1
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(ids) == 3  # one id per person's digest
