"""The calendar never lies: a working-day computation that needs a year neither the
chinesecalendar library nor staff-entered overrides cover refuses in Chinese; entering the
year's arrangement makes it right; from November the city office is told it is missing."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.models import CalendarOverride, CalendarYear
from core.workdays import CalendarNotCovered, end_of_period, is_workday, library_covers, next_year_warning
from core.workflow import TransitionError

pytestmark = pytest.mark.django_db

# A plausible 2027 arrangement (the real one is published around November 2026):
# 春节 (正月初一) falls on Sat 6 Feb 2027; 8 days off from 除夕 Fri 5 Feb to Fri 12 Feb,
# with Saturday 30 Jan and Saturday 20 Feb as adjusted workdays; 元旦 Fri 1 Jan off.
HOLIDAYS_2027 = [dt.date(2027, 1, 1)] + [dt.date(2027, 2, d) for d in range(5, 13)]
ADJUSTED_WORKDAYS_2027 = [dt.date(2027, 1, 30), dt.date(2027, 2, 20)]


def enter_2027(confirm=True):
    for day in HOLIDAYS_2027:
        CalendarOverride.objects.create(date=day, is_workday=False, note="2027年放假安排")
    for day in ADJUSTED_WORKDAYS_2027:
        CalendarOverride.objects.create(date=day, is_workday=True, note="2027年调休上班")
    if confirm:
        CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕X号（测试）")


def test_the_pinned_library_stops_at_2026():
    assert library_covers(2026) and not library_covers(2027)


def test_a_period_in_an_unknown_year_is_refused_in_chinese():
    with pytest.raises(CalendarNotCovered) as refused:
        end_of_period(dt.date(2027, 2, 1), 5, working_days=True)
    assert str(refused.value).startswith("尚未录入2027年法定节假日安排，请在“工作日调整”中录入")
    assert isinstance(refused.value, TransitionError)  # services' callers already show these as messages
    with pytest.raises(CalendarNotCovered):
        is_workday(dt.date(2027, 3, 1))


def test_a_period_running_from_december_into_the_unknown_year_is_refused():
    assert end_of_period(dt.date(2026, 12, 21), 5, working_days=True) == dt.date(2026, 12, 25)
    with pytest.raises(CalendarNotCovered, match="2027年"):
        end_of_period(dt.date(2026, 12, 28), 5, working_days=True)


def test_calendar_days_need_no_holiday_arrangement():
    assert end_of_period(dt.date(2027, 2, 1), 7, working_days=False) == dt.date(2027, 2, 7)


def test_overrides_without_the_years_confirmation_are_still_refused():
    enter_2027(confirm=False)
    with pytest.raises(CalendarNotCovered):
        end_of_period(dt.date(2027, 2, 1), 5, working_days=True)


def test_entering_the_2027_arrangement_makes_the_period_right():
    enter_2027()
    # Mon 1 – Thu 4 Feb are four working days, 5–12 Feb the holiday, 13/14 the weekend.
    assert end_of_period(dt.date(2027, 2, 1), 5, working_days=True) == dt.date(2027, 2, 15)
    assert is_workday(dt.date(2027, 1, 30)) and is_workday(dt.date(2027, 2, 20))  # adjusted Saturdays
    assert not is_workday(dt.date(2027, 2, 8)) and not is_workday(dt.date(2027, 1, 1))
    assert not is_workday(dt.date(2027, 3, 6)) and is_workday(dt.date(2027, 3, 8))  # an ordinary weekend/Monday
    assert end_of_period(dt.date(2026, 12, 28), 5, working_days=True) == dt.date(2027, 1, 4)


def test_city_office_is_warned_from_november_until_next_year_is_entered(world):
    november, october = dt.date(2026, 11, 20), dt.date(2026, 10, 31)
    assert "2027年法定节假日安排尚未录入" in next_year_warning(world.city_staff, november)
    assert next_year_warning(world.city_staff, october) == ""
    assert next_year_warning(world.county_a_staff, november) == ""  # the city office keeps the calendar
    assert next_year_warning(world.liaison_a, november) == ""
    assert next_year_warning(world.city_staff, dt.date(2025, 11, 20)) == ""  # 2026 known
    enter_2027()
    assert next_year_warning(world.city_staff, november) == ""


def test_admin_home_shows_the_warning(world, client_for):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        body = client_for(world.city_staff).get(reverse("admin:index")).content.decode()
    assert 'id="calendar-warning"' in body and "2027年法定节假日安排尚未录入" in body
    assert reverse("admin:core_calendaryear_changelist") in body


def test_confirming_a_year_with_no_holidays_entered_is_refused(world, client_for):
    client = client_for(world.city_staff)
    response = client.post(reverse("admin:core_calendaryear_add"), {"year": "2027", "note": ""})
    assert response.status_code == 200 and "请先在“工作日调整”中录入2027年" in response.content.decode()
    enter_2027(confirm=False)
    response = client.post(reverse("admin:core_calendaryear_add"), {"year": "2027", "note": "国办通知"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).confirmed_by == world.city_staff
