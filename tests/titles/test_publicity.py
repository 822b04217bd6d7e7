"""Publicity (公示) and objections (异议): naming is impossible while the period runs or an
objection is open; working days follow the statutory calendar; the public page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.models import CalendarOverride
from core.workflow import TransitionError
from titles.models import AppStatus
from titles.services import naming as naming_svc
from titles.services import publicity as pub_svc

from .conftest import YEAR, make_app

pytestmark = pytest.mark.django_db


def _travel(day):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    )


def test_naming_impossible_while_publicity_runs(tw):
    app = make_app(tw, state="公示中")
    assert app.publicity.end_date == dt.date(YEAR, 11, 7)  # 5 working days from Mon 3 Nov
    with _travel(dt.date(YEAR, 11, 7)), pytest.raises(TransitionError, match="公示期至2025年11月7日尚未结束"):
        naming_svc.applications_name(applications=[app], doc_number="文号", by=tw.city_staff)
    with _travel(dt.date(YEAR, 11, 8)):
        naming_svc.applications_name(applications=[app], doc_number="文号", by=tw.city_staff)
    app.refresh_from_db()
    assert app.status == AppStatus.NAMED


def test_open_objection_blocks_naming_until_resolved(tw):
    app = make_app(tw, state="公示中")
    objection = pub_svc.objection_record(
        application=app, received_on=dt.date(YEAR, 11, 5), content="服务态度差", by=tw.city_staff
    )
    with _travel(dt.date(YEAR, 11, 20)):
        with pytest.raises(TransitionError, match="有未办结的公示异议"):
            naming_svc.applications_name(applications=[app], doc_number="文号", by=tw.city_staff)
        pub_svc.objection_resolve(objection=objection, resolution="经核查不属实", upheld=False, by=tw.city_staff)
        naming_svc.applications_name(applications=[app], doc_number="文号", by=tw.city_staff)
    app.refresh_from_db()
    assert app.status == AppStatus.NAMED


def test_upheld_objection_rejects_the_application(tw):
    app = make_app(tw, state="公示中")
    objection = pub_svc.objection_record(
        application=app, received_on=dt.date(YEAR, 11, 5), content="材料造假", by=tw.city_staff
    )
    pub_svc.objection_resolve(objection=objection, resolution="经核查属实", upheld=True, by=tw.city_staff)
    app.refresh_from_db()
    assert app.status == AppStatus.REJECTED and "经核查属实" in app.outcome_reason
    with pytest.raises(TransitionError, match="已办结"):
        pub_svc.objection_resolve(objection=objection, resolution="再次", upheld=False, by=tw.city_staff)


def test_naming_in_bulk_is_all_or_nothing(tw):
    ready = make_app(tw, state="公示中")
    not_ready = make_app(tw, unit=tw.unit_b, state="征求意见")
    with _travel(dt.date(YEAR, 11, 20)), pytest.raises(TransitionError, match="睢阳区教育局：未经公示"):
        naming_svc.applications_name(applications=[ready, not_ready], doc_number="文号", by=tw.city_staff)
    ready.refresh_from_db()
    assert ready.status == AppStatus.PUBLICITY


def test_objection_only_during_publicity(tw):
    app = make_app(tw, state="征求意见")
    with pytest.raises(TransitionError, match="不在公示期内"):
        pub_svc.objection_record(application=app, received_on=dt.date(YEAR, 11, 5), content="x", by=tw.city_staff)


def test_working_days_skip_national_day_holiday_and_staff_overrides():
    from core.workdays import end_of_period

    # 2025: 1–8 Oct holiday, 28 Sep and 11 Oct adjusted workdays.
    assert end_of_period(dt.date(2025, 9, 30), 5, working_days=True) == dt.date(2025, 10, 13)
    assert end_of_period(dt.date(2025, 9, 30), 7, working_days=False) == dt.date(2025, 10, 6)


def test_staff_calendar_override_changes_the_end(tw):
    CalendarOverride.objects.create(date=dt.date(YEAR, 11, 5), is_workday=False, note="临时调休")
    app = make_app(tw, state="公示中")
    assert app.publicity.end_date == dt.date(YEAR, 11, 10)


def test_public_page_lists_what_is_under_publicity_now_without_login(tw, client):
    app = make_app(tw, state="公示中")
    url = reverse("titles_public:publicity")
    with _travel(dt.date(YEAR, 11, 4)):
        body = client.get(url).content.decode()
    assert "梁园区教育局" in body and "2025年11月3日至2025年11月7日" in body and "0370-1234567" in body
    assert "（5个工作日）" in body
    with _travel(dt.date(YEAR, 11, 8)):
        body = client.get(url).content.decode()
    assert "梁园区教育局" not in body and "目前没有正在公示的名单" in body
    assert app.unit.name == "梁园区教育局"


def test_public_page_hides_drafts_and_other_states(tw, client):
    make_app(tw, state="征求意见")
    with _travel(dt.date(YEAR, 11, 4)):
        body = client.get(reverse("titles_public:publicity")).content.decode()
    assert "梁园区教育局" not in body
