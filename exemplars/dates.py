"""The festival calendar used for care visits."""

import datetime as dt

# 春节 and 中秋 (Gregorian dates of 正月初一 and 八月十五), a small kept table.
SPRING_FESTIVAL = {
    2020: dt.date(2020, 1, 25), 2021: dt.date(2021, 2, 12), 2022: dt.date(2022, 2, 1), 2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26), 2029: dt.date(2029, 2, 13), 2030: dt.date(2030, 2, 3),
}  # fmt: skip
MID_AUTUMN = {
    2020: dt.date(2020, 10, 1), 2021: dt.date(2021, 9, 21), 2022: dt.date(2022, 9, 10), 2023: dt.date(2023, 9, 29),
    2024: dt.date(2024, 9, 17), 2025: dt.date(2025, 10, 6), 2026: dt.date(2026, 9, 25), 2027: dt.date(2027, 9, 15),
    2028: dt.date(2028, 10, 3), 2029: dt.date(2029, 9, 22), 2030: dt.date(2030, 9, 12),
}  # fmt: skip
FESTIVAL_TABLES = {"春节": SPRING_FESTIVAL, "中秋": MID_AUTUMN}
# A visit counts for the festival's season when made this many days before/after it.
SEASON_BEFORE = {"春节": 40, "中秋": 30}
SEASON_AFTER = {"春节": 15, "中秋": 7}


def festival_season(name: str, year: int) -> tuple[dt.date, dt.date, dt.date] | None:
    """(festival day, first day, last day) of the visiting season, or None if unknown."""
    day = FESTIVAL_TABLES[name].get(year)
    if day is None:
        return None
    return day, day - dt.timedelta(days=SEASON_BEFORE[name]), day + dt.timedelta(days=SEASON_AFTER[name])


def upcoming_festivals(today: dt.date, horizon_days: int = 400) -> list[tuple[str, dt.date, dt.date, dt.date]]:
    """Festivals whose season has not ended yet, soonest first: (name, day, start, end)."""
    out = []
    for name in FESTIVAL_TABLES:
        for year in (today.year - 1, today.year, today.year + 1):
            season = festival_season(name, year)
            if season and season[2] >= today and season[0] <= today + dt.timedelta(days=horizon_days):
                out.append((name, *season))
    return sorted(out, key=lambda f: f[1])


def half_year_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))
