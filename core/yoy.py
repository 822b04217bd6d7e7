"""Comparison with last year (同比), one rule for the summary, the dashboards and the
exports: the change in percent of last year's value, one decimal; none when last year
was zero (no base to compare with)."""


def change_percent(current, previous) -> float | None:
    if not previous:
        return None
    return round((float(current or 0) - float(previous)) * 100 / float(previous), 1)


def percent_text(pct: float) -> str:
    return f"{abs(pct):.1f}".rstrip("0").rstrip(".") + "%"


def yoy_text(current, previous) -> str:
    """比上年增长12.5% / 比上年下降3% / 与上年持平 / "" (no base)."""
    pct = change_percent(current, previous)
    if pct is None:
        return ""
    if pct > 0:
        return f"比上年增长{percent_text(pct)}"
    if pct < 0:
        return f"比上年下降{percent_text(pct)}"
    return "与上年持平"


def yoy_mark(current, previous) -> str:
    """▲12.5% / ▼3% / 持平 / "" — the dashboards' and the workbook's short form."""
    pct = change_percent(current, previous)
    if pct is None:
        return ""
    if pct == 0:
        return "持平"
    return ("▲" if pct > 0 else "▼") + percent_text(pct)
