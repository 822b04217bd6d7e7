"""公示: period length (calendar or working days), objections, what the public page shows."""

import datetime as dt

import pytest
from django.urls import reverse

from core.workflow import TransitionError
from exemplars import services
from exemplars.models import NominationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_review(world, nominate):
    n = nominate(nominee_name="赵公示", id_number="411402198001010011", nominator_phone="13912345678",
                 deeds_summary="三十年如一日照顾邻居老人。", deeds="详细事迹：" + "很长的事迹。" * 50)  # fmt: skip
    services.nomination_accept(nomination=n, by=world.city_staff)
    return n


def test_working_day_period_skips_national_day(world, under_review, city_round):
    city_round.publicity_days, city_round.publicity_working_days = 5, True
    city_round.save()
    # 2025: 10月1日–8日 holiday, 10月11日 (Sat) an adjusted workday.
    end = services.publicity_start(nominations=[under_review], start=dt.date(2025, 9, 29), by=world.city_staff)
    assert end == dt.date(2025, 10, 11)


def test_calendar_day_period(world, under_review):
    end = services.publicity_start(nominations=[under_review], start=dt.date(2025, 9, 29), by=world.city_staff)
    assert end == dt.date(2025, 10, 5)


def test_commend_waits_for_end_of_period_and_resolved_objections(world, under_review, on_day):
    n = under_review
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(dt.date(2025, 5, 12)), pytest.raises(TransitionError, match="期满后"):
        services.nominations_commend(nominations=[n], by=world.city_staff)
    with on_day(dt.date(2025, 5, 8)):
        objection = services.objection_record(
            nomination=n, received_on=dt.date(2025, 5, 8), content="反映情况", by=world.city_staff
        )
    with on_day(dt.date(2025, 5, 13)), pytest.raises(TransitionError, match="未处理的公示异议"):
        services.nominations_commend(nominations=[n], by=world.city_staff)
    services.objection_resolve(objection=objection, upheld=False, resolution="经核实不属实", by=world.city_staff)
    with on_day(dt.date(2025, 5, 13)):
        services.nominations_commend(nominations=[n], by=world.city_staff)
    n.refresh_from_db()
    assert n.status == NominationStatus.COMMENDED


def test_upheld_objection_takes_nominee_off_the_list(world, under_review, on_day):
    n = under_review
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(dt.date(2025, 5, 7)):
        objection = services.objection_record(
            nomination=n, received_on=dt.date(2025, 5, 7), content="事迹不实", by=world.city_staff
        )
    services.objection_resolve(objection=objection, upheld=True, resolution="经核查事迹存在夸大", by=world.city_staff)
    n.refresh_from_db()
    assert n.status == NominationStatus.NOT_SELECTED and "夸大" in n.reject_reason


def test_objection_only_during_publicity_and_not_before_it_starts(world, under_review, on_day):
    n = under_review
    with pytest.raises(TransitionError, match="公示中"):
        services.objection_record(nomination=n, received_on=dt.date(2025, 5, 7), content="x", by=world.city_staff)
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    with on_day(dt.date(2025, 5, 8)), pytest.raises(TransitionError, match="收到日期"):
        services.objection_record(nomination=n, received_on=dt.date(2025, 5, 1), content="x", by=world.city_staff)


def test_public_page_shows_only_what_a_publicity_shows(world, client, under_review, city_round, on_day):
    services.publicity_start(nominations=[under_review], start=dt.date(2025, 5, 6), by=world.city_staff)
    url = reverse("exemplars_public:publicity", args=[city_round.pk])
    with on_day(dt.date(2025, 5, 5)):
        assert client.get(url).status_code == 404  # not before it starts
    with on_day(dt.date(2025, 5, 7)):
        body = client.get(url).content.decode()
    assert "赵公示" in body and "梁园区某社区" in body and "助人为乐" in body and "三十年如一日" in body
    for secret in ("411402198001010011", "13912345678", "梁园区教育局", "详细事迹"):
        assert secret not in body
    assert "2025年5月6日至2025年5月12日" in body


def test_publicity_list_only_staff_of_the_region_can_start(world, under_review):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.publicity_start(nominations=[under_review], start=dt.date(2025, 5, 6), by=world.county_b_staff)
