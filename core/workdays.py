"""Working days for publicity periods (公示): China's statutory holidays and adjusted
workdays from the `chinesecalendar` library, overridden by staff through
core.CalendarOverride.

A year is *covered* when the library has its arrangement or staff have entered it as
overrides and confirmed it complete with a core.CalendarYear row. A computation that
needs an uncovered year refuses (CalendarNotCovered, a Chinese message) instead of
guessing "weekends only": the State Council publishes each year's arrangement around
November, and a pinned library release cannot know it."""

import datetime as dt

import chinese_calendar
from django.utils.translation import gettext as _

from .workflow import TransitionError


class CalendarNotCovered(TransitionError):
    """The holidays of a year the computation needs are not known yet."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _("尚未录入%(year)d年法定节假日安排，请在“工作日调整”中录入，并在“年度节假日安排”中确认后再计算")
            % {"year": year}
        )


def library_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def year_covered(year: int) -> bool:
    from .models import CalendarYear

    return library_covers(year) or CalendarYear.objects.filter(year=year).exists()


class Calendar:
    """Working-day lookups for one computation: overrides and covered years read once."""

    def __init__(self):
        from .models import CalendarOverride, CalendarYear

        self.overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
        self.entered = set(CalendarYear.objects.values_list("year", flat=True))
        self.checked: set[int] = set()

    def is_workday(self, day: dt.date) -> bool:
        if day.year not in self.checked:
            if day.year not in self.entered and not library_covers(day.year):
                raise CalendarNotCovered(day.year)
            self.checked.add(day.year)
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.entered and not library_covers(day.year):
            return day.weekday() < 5  # staff entered every exception to the ordinary week
        return chinese_calendar.is_workday(day)


def is_workday(day: dt.date) -> bool:
    """Raises CalendarNotCovered for a year nobody has the arrangement of."""
    return Calendar().is_workday(day)


def end_of_period(start: dt.date, days: int, *, working_days: bool) -> dt.date:
    """Last day of a period of `days` days that begins on `start` (inclusive).

    With working_days, only working days count and the period starts on the first
    working day on or after `start`; raises CalendarNotCovered when the period runs
    into a year whose holidays are not known."""
    if days < 1:
        raise ValueError("days must be >= 1")
    if not working_days:
        return start + dt.timedelta(days=days - 1)
    calendar = Calendar()
    day, counted = start, 0
    while True:
        if calendar.is_workday(day):
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)


WARN_FROM_MONTH = 11  # the State Council's notice for next year usually comes out in November


def next_year_warning(user, today: dt.date) -> str:
    """From November, tell the top-level office and superusers that next year's
    arrangement is missing; empty for everyone else and once the year is covered."""
    if today.month < WARN_FROM_MONTH or not _keeps_calendar(user) or year_covered(today.year + 1):
        return ""
    return _(
        "%(year)d年法定节假日安排尚未录入。国务院办公厅通知发布后，请在“工作日调整”中录入放假和调休日期，"
        "并在“年度节假日安排”中确认；此前跨入%(year)d年的公示期无法按工作日计算。"
    ) % {"year": today.year + 1}


def _keeps_calendar(user) -> bool:
    from .scoping import is_top_office

    return is_top_office(user)  # the calendar is a deployment setting (core.admin)
