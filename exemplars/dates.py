"""The festival calendar used for care visits."""

import datetime as dt

from lunardate import LunarDate

# Festivals by their lunar date (month, day); the Gregorian day comes from lunardate,
# whose tables run from 1900 to 2099.
LUNAR_FESTIVALS = {"春节": (1, 1), "端午": (5, 5), "中秋": (8, 15), "重阳": (9, 9)}
# The festivals with a visiting season. A visit counts for the festival's season when
# made this many days before/after it.
SEASON_BEFORE = {"春节": 40, "中秋": 30}
SEASON_AFTER = {"春节": 15, "中秋": 7}


def festival_day(name: str, year: int) -> dt.date | None:
    """Gregorian date of the festival in `year` (None outside lunardate's range)."""
    month, day = LUNAR_FESTIVALS[name]
    try:
        return LunarDate(year, month, day).to_solar_date()
    except ValueError:
        return None


def festival_season(name: str, year: int) -> tuple[dt.date, dt.date, dt.date] | None:
    """(festival day, first day, last day) of the visiting season, or None if unknown."""
    day = festival_day(name, year) if name in SEASON_BEFORE else None
    if day is None:
        return None
    return day, day - dt.timedelta(days=SEASON_BEFORE[name]), day + dt.timedelta(days=SEASON_AFTER[name])


def upcoming_festivals(today: dt.date, horizon_days: int = 400) -> list[tuple[str, dt.date, dt.date, dt.date]]:
    """Festivals whose season has not ended yet, soonest first: (name, day, start, end)."""
    out = []
    for name in SEASON_BEFORE:
        for year in (today.year - 1, today.year, today.year + 1):
            season = festival_season(name, year)
            if season and season[2] >= today and season[0] <= today + dt.timedelta(days=horizon_days):
                out.append((name, *season))
    return sorted(out, key=lambda f: f[1])


def half_year_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
