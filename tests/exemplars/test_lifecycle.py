"""推荐 → 初审 → 评审 → 公示 → 表彰 / 未入选: allowed and forbidden transitions and who may do them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.models import StateLog
from core.workflow import TransitionError, state_logs
from exemplars import services
from exemplars.models import Exemplar, NominationStatus, SelectionRound

pytestmark = pytest.mark.django_db


def test_full_path_to_commendation_is_logged_with_who_and_why(world, nominate, on_day):
    n = nominate()
    services.nomination_accept(nomination=n, by=world.city_staff)
    services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff)
    a = n.assignments.get()
    services.review_submit(assignment=a, by=world.reviewer, score=92, vote="for")
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    n.refresh_from_db()
    assert n.status == NominationStatus.PUBLICITY
    assert (n.publicity_start, n.publicity_end) == (dt.date(2025, 5, 6), dt.date(2025, 5, 12))
    with on_day(dt.date(2025, 5, 13)):
        services.nominations_commend(nominations=[n], by=world.city_staff)
    n.refresh_from_db()
    assert n.status == NominationStatus.COMMENDED
    logs = list(state_logs(n).order_by("pk"))
    assert [log.transition for log in logs] == ["accept", "publicize", "commend"]
    assert all(log.by == world.city_staff for log in logs)
    assert "2025年5月6日" in logs[1].comment
    n.round.refresh_from_db()
    assert n.round.stage == SelectionRound.Stage.CLOSED


def test_reject_needs_reason_and_records_it(world, nominate):
    n = nominate()
    with pytest.raises(TransitionError):
        services.nomination_reject(nomination=n, reason="  ", by=world.city_staff)
    services.nomination_reject(nomination=n, reason="事迹不属实", by=world.city_staff)
    n.refresh_from_db()
    assert n.status == NominationStatus.REJECTED and n.reject_reason == "事迹不属实"
    assert StateLog.objects.get(object_id=n.pk).comment == "事迹不属实"


def test_rejected_nomination_cannot_be_accepted_or_put_under_publicity(world, nominate):
    n = nominate()
    services.nomination_reject(nomination=n, reason="重复推荐", by=world.city_staff)
    with pytest.raises(TransitionError):
        services.nomination_accept(nomination=n, by=world.city_staff)
    with pytest.raises(TransitionError):
        services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)


def test_cannot_commend_straight_from_screening(world, nominate):
    n = nominate()
    with pytest.raises(TransitionError):
        services.nominations_commend(nominations=[n], by=world.city_staff)
    assert not Exemplar.objects.exists()


@pytest.mark.parametrize("persona", ["official", "liaison_a", "reviewer"])
def test_only_office_staff_may_screen(world, nominate, persona):
    n = nominate()
    with pytest.raises(PermissionDenied):
        services.nomination_accept(nomination=n, by=getattr(world, persona))
    n.refresh_from_db()
    assert n.status == NominationStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["official", "liaison_a", "reviewer"])
def test_only_office_staff_may_commend(world, nominate, persona, on_day):
    n = nominate()
    services.nomination_accept(nomination=n, by=world.city_staff)
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(dt.date(2025, 6, 1)), pytest.raises(PermissionDenied):
        services.nominations_commend(nominations=[n], by=getattr(world, persona))


def test_places_limit_publicity(world, nominate, city_round):
    city_round.places = 1
    city_round.save()
    a, b = nominate(), nominate()
    for n in (a, b):
        services.nomination_accept(nomination=n, by=world.city_staff)
    with pytest.raises(TransitionError, match="名额"):
        services.publicity_start(nominations=[a, b], start=dt.date(2025, 5, 6), by=world.city_staff)


def test_others_not_selected_when_list_goes_public(world, nominate):
    a, b = nominate(), nominate()
    for n in (a, b):
        services.nomination_accept(nomination=n, by=world.city_staff)
    services.publicity_start(nominations=[a], start=dt.date(2025, 5, 6), by=world.city_staff, others_not_selected=True)
    b.refresh_from_db()
    assert b.status == NominationStatus.NOT_SELECTED and b.reject_reason == "未列入公示名单"


def test_county_office_screens_its_nominees_but_the_round_office_decides(world, nominate, on_day):
    n = nominate()
    services.nomination_accept(nomination=n, by=world.county_a_staff)  # 初审 by the nominee's county
    with pytest.raises(PermissionDenied):
        services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.county_a_staff)
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(dt.date(2025, 6, 1)), pytest.raises(PermissionDenied):
        services.nominations_commend(nominations=[n], by=world.county_a_staff)
