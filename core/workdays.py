"""Working days for publicity periods (公示): China's statutory holidays and adjusted
workdays from the `chinesecalendar` library, overridden by staff through
core.CalendarOverride."""

import datetime as dt

import chinese_calendar


def is_workday(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    if overrides is None:
        from .models import CalendarOverride

        overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # year beyond the library's table: weekends only
        return day.weekday() < 5


def end_of_period(start: dt.date, days: int, *, working_days: bool) -> dt.date:
    """Last day of a period of `days` days that begins on `start` (inclusive).

    With working_days, only working days count and the period starts on the first
    working day on or after `start`."""
    if days < 1:
        raise ValueError("days must be >= 1")
    if not working_days:
        return start + dt.timedelta(days=days - 1)
    from .models import CalendarOverride

    overrides = dict(CalendarOverride.objects.values_list("date", "is_workday"))
    day, counted = start, 0
    while True:
        if is_workday(day, overrides):
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)
