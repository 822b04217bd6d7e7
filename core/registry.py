"""Contracts through which each domain app feeds the shared pages and jobs.

Apps register in their AppConfig.ready() (import their `portal.py`, `reminders.py`,
`figures.py`). The consumers — portal home, reminder scan, annual summary, dashboards
— only ever read these registries, so a new app fills them without touching them.

1. Portal to-dos: `@todo_provider` functions `(user) -> list[Todo]` for the portal home.
2. Due items: `@due_item_source` functions `(start: date, end: date) -> Iterable[DueItem]`
   yielding everything with a due date in [start, end] (and, for overdue items, earlier
   ones still open). The reminder job (notices app) turns them into digests.
3. Figures: `register_figure(FigureDef(...))`. A figure is a count or sum over a
   queryset of records for a region (with its subtree) and a year. The annual summary
   and the dashboards compute the same figure from the same definition, and every
   figure links to the list of the records it counts: the dashboards app serves that
   list at `reverse("dashboards:figure_list", args=[key]) + f"?region={code}&year={y}"`.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

# 1. Portal to-dos ---------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    due: dt.date | None = None
    status: str = ""  # short Chinese status, e.g. "待提交", "已退回"
    category: str = ""  # e.g. "年度材料", "测评任务"


_TODO_PROVIDERS: list[Callable] = []


def todo_provider(func):
    _TODO_PROVIDERS.append(func)
    return func


def todos_for(user) -> list[Todo]:
    items: list[Todo] = []
    for provider in _TODO_PROVIDERS:
        items.extend(provider(user))
    return sorted(items, key=lambda t: (t.due is None, t.due or dt.date.max, t.title))


# 2. Due items for reminders ----------------------------------------------------------------


class DueItem(NamedTuple):
    """One thing with a due date. A NamedTuple because the daily scan builds a million
    of them; a frozen dataclass costs several times as much to create."""

    key: str  # stable and unique per item, e.g. "titles.material:123"
    kind: str  # Chinese kind, e.g. "年度材料", "整改事项", "公示期结束"
    title: str  # what is due, Chinese
    due_date: dt.date
    recipient_ids: tuple[int, ...]  # users who must act (liaisons, leaders, staff)
    region_id: int | None = None  # office that receives escalations when overdue
    url: str = ""  # where to act
    done: bool = False  # already handled: no reminder, no escalation


_DUE_SOURCES: list[Callable[[dt.date, dt.date], Iterable[DueItem]]] = []


def due_item_source(func):
    _DUE_SOURCES.append(func)
    return func


def due_item_sources() -> list[Callable[[dt.date, dt.date], Iterable[DueItem]]]:
    return list(_DUE_SOURCES)


# 3. Figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureDef:
    key: str  # "titles.named"
    section: str  # "文明称号" — sections group figures in the summary and dashboards
    label: str  # "当年命名文明称号"
    unit: str  # "个", "人", "小时"
    queryset: Callable  # (region, year) -> QuerySet of the records counted
    sum_field: str | None = None  # None: count rows; else Sum of this field
    breakdowns: tuple[tuple[str, str], ...] = ()  # (field path, Chinese label) to group by
    list_columns: tuple[tuple[str, str], ...] = ()  # (field path, Chinese label) in the list view
    definition: str = ""  # one Chinese sentence: what exactly is counted
    order: int = 100
    unit_path: str | None = None  # path to units.Unit on the counted records, for unit pages


_FIGURES: dict[str, FigureDef] = {}


def register_figure(fig: FigureDef) -> FigureDef:
    _FIGURES[fig.key] = fig
    return fig


def figures(section: str | None = None) -> list[FigureDef]:
    items = [f for f in _FIGURES.values() if section is None or f.section == section]
    return sorted(items, key=lambda f: (f.order, f.key))


def figure(key: str) -> FigureDef:
    return _FIGURES[key]


NONE_VALUE = "__none__"  # how a NULL breakdown group travels in a figure-list link


@functools.cache
def _figure_list_path(key: str) -> str:
    from django.urls import reverse

    return reverse("dashboards:figure_list", args=[key])


def figure_url(key: str, region_code: str, year: int, *, by: str = "", value=None, unit_id: int | None = None) -> str:
    """The list of the records behind one figure (served by the dashboards app): for a
    region's subtree and a year; with `by`/`value` one breakdown group only; with
    `unit_id` one unit's records. Built for thousands of cells a page, hence the cached
    path and plain string building."""
    url = f"{_figure_list_path(key)}?region={quote(region_code)}&year={year}"
    if by:
        url += f"&by={quote(by)}&v={quote(str(NONE_VALUE if value is None else value))}"
    if unit_id:
        url += f"&unit={unit_id}"
    return url


def region_filter(path: str, region) -> dict:
    """Filter kwargs that keep records of `region` and its subtree (GB/T 2260 prefix)."""
    return {f"{path}__code__startswith": region.code}


@dataclass
class FigureValue:
    fig: FigureDef
    value: float
    breakdown: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


def compute_figure(fig: FigureDef, region, year: int, *, with_breakdowns: bool = True) -> FigureValue:
    from django.db.models import Count, Sum

    qs = fig.queryset(region, year)
    agg = Sum(fig.sum_field) if fig.sum_field else Count("pk")
    value = qs.aggregate(v=agg)["v"] or 0
    out = FigureValue(fig, value)
    if with_breakdowns:
        for path, label in fig.breakdowns:
            rows = qs.order_by().values(path).annotate(v=agg).order_by(path)
            out.breakdown[label] = [(r[path], r["v"] or 0) for r in rows]
    return out


# Helpers for the dashboards (additive; they read FigureDef, never change it) -----------------


def month_breakdown(date_path: str, label: str = "月份") -> tuple[str, str]:
    """A breakdown entry that groups a figure by calendar month of `date_path`
    (dashboards draw it as a 12-month series)."""
    return (f"{date_path}__month", label)


def _region_code_expression(qs, code: str):
    """The column the figure's queryset compares with `code` through
    `region_filter` (a startswith lookup), so records group by the same region path
    the figure itself filters on; None if there is none."""
    from django.db.models.lookups import StartsWith

    stack = [qs.query.where]
    while stack:
        node = stack.pop()
        for child in getattr(node, "children", ()):
            if isinstance(child, StartsWith) and child.rhs == code:
                return child.lhs
            if hasattr(child, "children"):
                stack.append(child)
    spec = getattr(qs.model, "scope", None)
    path = spec.region_code_path() if spec else None
    from django.db.models import F

    return F(path) if path else None


def compute_figure_by_child(fig: FigureDef, region, year: int, child_code_length: int) -> dict[str, float]:
    """The figure for every child region of `region` in one grouped query:
    {child region code: value}. Children are the code prefixes of length
    `child_code_length` (GB/T 2260: 2, 4, 6, 9) of the region the figure filters on."""
    from django.db.models import Count, Sum
    from django.db.models.functions import Substr

    qs = fig.queryset(region, year).order_by()
    column = _region_code_expression(qs, region.code)
    if column is None:
        return {}
    agg = Sum(fig.sum_field) if fig.sum_field else Count("pk")
    rows = qs.annotate(_child=Substr(column, 1, child_code_length)).values("_child").annotate(v=agg)
    return {r["_child"]: r["v"] or 0 for r in rows if r["_child"] and len(r["_child"]) == child_code_length}


def compute_breakdown(fig: FigureDef, region, year: int, path: str) -> list[tuple]:
    """The figure grouped by any field path (e.g. a month: "service_date__month"), for
    groupings a consumer adds to a shared figure without redefining what it counts."""
    from django.db.models import Count, Sum

    agg = Sum(fig.sum_field) if fig.sum_field else Count("pk")
    rows = fig.queryset(region, year).order_by().values(path).annotate(v=agg).order_by(path)
    return [(r[path], r["v"] or 0) for r in rows]


def compute_figure_for_unit(fig: FigureDef, unit, year: int, *, with_breakdowns: bool = True) -> FigureValue | None:
    """The figure restricted to one unit (through `fig.unit_path`); None if the
    figure does not hang off units."""
    from django.db.models import Count, Sum

    if not fig.unit_path:
        return None
    qs = fig.queryset(unit.region, year).filter(**{fig.unit_path: unit.pk})
    agg = Sum(fig.sum_field) if fig.sum_field else Count("pk")
    out = FigureValue(fig, qs.aggregate(v=agg)["v"] or 0)
    if with_breakdowns:
        for path, label in fig.breakdowns:
            rows = qs.order_by().values(path).annotate(v=agg).order_by(path)
            out.breakdown[label] = [(r[path], r["v"] or 0) for r in rows]
    return out
