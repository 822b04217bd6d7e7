"""Task status is derived in one place (campaigns.selectors.status.with_status)."""

import datetime as dt

import pytest
import time_machine

from campaigns.models import Evidence, TaskAssignment
from campaigns.selectors import with_status

from .factories import FrameworkFactory, evidence, task, tree

E = Evidence.Status
DEADLINE = dt.date(2025, 6, 30)


@pytest.fixture
def part(world):
    fw = FrameworkFactory(campaign__region=world.regions.city)
    ind = tree(fw, {"1.1.1": "2"})["1.1.1"]
    t = task(ind, world.unit_a, deadline=DEADLINE)
    return t.assignments.get()


def status_of(assignment, today=None):
    return with_status(TaskAssignment.objects.filter(pk=assignment.pk), today).get().status


@time_machine.travel(dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC), tick=False)
def test_before_deadline_each_evidence_state_gives_its_status(part):
    assert status_of(part) == "not_started"
    ev = evidence(part, E.DRAFT)
    assert status_of(part) == "in_progress"
    Evidence.objects.filter(pk=ev.pk).update(status=E.SUBMITTED)
    assert status_of(part) == "submitted"
    Evidence.objects.filter(pk=ev.pk).update(status=E.RETURNED)
    assert status_of(part) == "returned"
    Evidence.objects.filter(pk=ev.pk).update(status=E.ACCEPTED)
    assert status_of(part) == "accepted"


def test_after_deadline_unfinished_work_is_overdue(part):
    with time_machine.travel(dt.datetime(2025, 6, 30, 20, tzinfo=dt.UTC), tick=False):  # 7月1日 Beijing time
        assert status_of(part) == "overdue"
        ev = evidence(part, E.DRAFT)
        assert status_of(part) == "overdue"
        Evidence.objects.filter(pk=ev.pk).update(status=E.RETURNED)
        assert status_of(part) == "overdue"


def test_deadline_day_itself_is_not_overdue(part):
    with time_machine.travel(dt.datetime(2025, 6, 30, 15, tzinfo=dt.UTC), tick=False):  # 23:00 on 6月30日
        assert status_of(part) == "not_started"


def test_submitted_in_time_is_not_late_while_review_is_pending(part):
    evidence(part, E.SUBMITTED)
    assert status_of(part, dt.date(2025, 8, 1)) == "submitted"


def test_latest_evidence_decides_after_a_resubmission(part):
    first = evidence(part, E.RETURNED)
    Evidence.objects.filter(pk=first.pk).update(created_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
    evidence(part, E.SUBMITTED)
    assert status_of(part, dt.date(2025, 6, 1)) == "submitted"


def test_accepted_stays_accepted_after_the_deadline(part):
    evidence(part, E.ACCEPTED)
    assert status_of(part, dt.date(2026, 1, 1)) == "accepted"
