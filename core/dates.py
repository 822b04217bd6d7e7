"""Chinese dates: the one formatter ("2026年3月5日", "2026年3月5日 09:30").

Official documents and notices write dates this way in every interface language, so the
format does not follow the active locale; and it never goes through strftime's "%-m",
which only glibc understands."""

import datetime as dt


def cn_date(day: dt.date | dt.datetime | str | None, *, with_time: bool = False) -> str:
    """2026年3月5日 (ISO strings accepted; "" for None). with_time adds " HH:MM"."""
    if not day:
        return ""
    if isinstance(day, str):
        day = dt.datetime.fromisoformat(day) if "T" in day or " " in day else dt.date.fromisoformat(day)
    text = f"{day.year}年{day.month}月{day.day}日"
    if with_time and isinstance(day, dt.datetime):
        text += f" {day.hour:02d}:{day.minute:02d}"
    return text


def cn_month_day(day: dt.date) -> str:
    """3月5日."""
    return f"{day.month}月{day.day}日"
