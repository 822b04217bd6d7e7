"""Festival dates come from lunardate (1900–2099), not from a table that ends."""

import datetime as dt

from exemplars.dates import festival_day, festival_season, upcoming_festivals


def test_known_festival_dates():
    assert festival_day("春节", 2026) == dt.date(2026, 2, 17)
    assert festival_day("中秋", 2026) == dt.date(2026, 9, 25)
    assert festival_day("端午", 2026) == dt.date(2026, 6, 19)
    assert festival_day("春节", 2027) == dt.date(2027, 2, 6)
    assert festival_day("中秋", 2025) == dt.date(2025, 10, 6)


def test_years_after_the_old_table_are_known():
    assert festival_day("春节", 2031) == dt.date(2031, 1, 23)
    assert festival_season("中秋", 2035)[0] == dt.date(2035, 9, 16)


def test_unknown_festival_or_year_out_of_range_has_no_season():
    assert festival_season("重阳", 2026) is None  # a lunar festival without a visiting season
    assert festival_season("无此节日", 2026) is None
    assert festival_day("春节", 2100) is None


def test_upcoming_festivals_from_december():
    names = [(name, day) for name, day, _s, _e in upcoming_festivals(dt.date(2026, 12, 1))]
    assert names[0] == ("春节", dt.date(2027, 2, 6))
