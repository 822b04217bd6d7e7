import datetime as dt


def cn_date(day: dt.date) -> str:
    """2025年3月31日 — the date style of Chinese official documents and notices."""
    return f"{day.year}年{day.month}月{day.day}日"
