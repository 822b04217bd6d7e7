"""Concurrent conflicting workflow actions: run_transition locks the row and re-reads its
state, so exactly one of them wins and the others get a Chinese message. Real threads
with their own database connections (row locks on PostgreSQL; SQLite serialises the
writers with BEGIN IMMEDIATE)."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.models import StateLog
from core.workflow import TransitionError, run_transition
from tests.volunteers.factories import TeamFactory, VolunteerFactory
from volunteers.models import Volunteer
from volunteers.services import volunteer_approve, volunteer_reject

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pending(world):
    team = TeamFactory(region=world.regions.county_a, host_unit=world.unit_a, leaders=[world.team_leader])
    return VolunteerFactory(team=team, name="赵敏", status=Volunteer.Status.PENDING)


def _in_threads(jobs):
    """Run each job in its own thread, all released at once; return what each returned."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _logs(volunteer):
    return list(StateLog.objects.filter(object_id=volunteer.pk, content_type__model="volunteer").order_by("pk"))


def test_four_concurrent_approve_and_reject_give_exactly_one_transition(world, pending):
    stale = [Volunteer.objects.get(pk=pending.pk) for _ in range(4)]  # each caller loaded it as 待审核
    services = [volunteer_approve, volunteer_reject, volunteer_approve, volunteer_reject]
    results = _in_threads(
        [lambda s=s, v=v: s(volunteer=v, by=world.team_leader) for s, v in zip(services, stale, strict=True)]
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 3 and all(isinstance(e, TransitionError) for e in errors), results
    assert all("请刷新页面后重试" in str(e) or "不能执行此操作" in str(e) for e in errors)
    (log,) = _logs(pending)
    pending.refresh_from_db()
    assert log.source == Volunteer.Status.PENDING and log.target == pending.status


def test_concurrent_admin_actions_answer_with_messages_and_one_log(world, pending):
    clients = []
    for _ in range(4):
        c = Client()
        c.force_login(world.city_staff)
        clients.append(c)
    url = reverse("admin:volunteers_volunteer_changelist")

    def act(c, action):
        response = c.post(url, {"action": action, "_selected_action": [pending.pk]})
        return response.status_code, [str(m) for m in get_messages(response.wsgi_request)]

    results = _in_threads(
        [lambda c=c, a=a: act(c, a) for c, a in zip(clients, ["approve", "reject", "approve", "reject"], strict=True)]
    )
    assert [status for status, _m in results] == [302] * 4, results
    refused = [m for _s, msgs in results for m in msgs if m.startswith("赵敏：")]
    assert len(refused) == 3
    assert len(_logs(pending)) == 1


def test_a_caller_holding_an_outdated_state_is_refused_and_sees_the_current_one(world, pending):
    outdated = Volunteer.objects.get(pk=pending.pk)
    volunteer_reject(volunteer=pending, by=world.team_leader)
    with pytest.raises(TransitionError, match="当前状态为“未通过”"):
        volunteer_approve(volunteer=outdated, by=world.team_leader)  # decided on 待审核, not on 未通过
    assert outdated.status == Volunteer.Status.REJECTED
    assert len(_logs(pending)) == 1
    volunteer_approve(volunteer=outdated, by=world.team_leader)  # now decided on what is there
    assert [log.transition for log in _logs(pending)] == ["reject", "approve"]


def test_other_unsaved_fields_of_the_instance_are_kept(world, pending):
    pending.skills = "摄影"
    run_transition(pending, "approve", by=world.team_leader)
    pending.refresh_from_db()
    assert (pending.status, pending.skills) == (Volunteer.Status.APPROVED, "摄影")
