"""Collect the numbers of an annual summary from the registries (core.registry).

Every registered figure is computed for the region (with its subtree) and the year by
`compute_figure` — one aggregate query per figure and breakdown, so the number of
queries depends on how many figures are registered, never on how many records exist.
The result is a JSON snapshot that carries each figure's definition with its value.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist

from core.registry import (
    compute_breakdown,
    compute_figure,
    compute_figure_by_child,
    due_item_sources,
    figure_url,
    figures,
)
from dashboards.layout import INDICATOR_GROUP

# The sections of a summary in the order of the seeds' genre; registered sections are
# matched to them by keyword (checked in MATCH order), others follow in registry order.
SECTIONS = ["创建单位", "创建活动", "测评任务", "文明称号", "年度材料", "志愿服务", "先进典型"]
MATCH = [
    ("志愿服务", ("志愿",)),
    ("先进典型", ("典型", "好人", "模范", "表彰", "推荐", "慰问", "帮扶")),
    ("文明称号", ("称号", "命名", "复查", "申报", "文明单位", "文明村镇", "文明校园", "文明家庭", "文明社区")),
    ("年度材料", ("材料",)),
    ("测评任务", ("任务", "测评", "指标", "督查", "整改")),
    ("创建活动", ("活动", "节日", "道德讲堂")),
    ("创建单位", ("单位",)),
]
# Apps group figures coarsely (tasks under 创建活动, yearly materials under 文明称号); the
# summary splits them out again by the figure's label.
SPLITS = {
    "创建活动": [("测评任务", ("任务", "测评", "督查", "整改"))],
    "文明称号": [("年度材料", ("材料",))],
}
MAX_NEXT_YEAR_ITEMS = 2000
# Named records the text cites (campaigns, titles conferred, people commended): figure
# key → (ordering of its queryset, how many). The columns are the figure's list_columns.
NAMED_RECORDS = {
    "campaigns.campaigns": (("name",), 12),
    "campaigns.activities": (("-participants", "date"), 5),
    "titles.named": (("level", "unit__name"), 12),
    "titles.warned": (("title__unit__name",), 8),
    "titles.revoked": (("title__unit__name",), 8),
    "exemplars.commendations": (("level", "exemplar__name"), 40),
}
# Figures compared region by region with last year (the "falling figures" problem).
FALLING_KEYS = ("campaigns.activities", "volunteers.hours", "volunteers.registered_new", "exemplars.nominations")
# Groupings the summary adds to a shared figure (what is counted stays the FigureDef's):
# task completion by 测评项目, the same grouping as the dashboards' completion panel.
EXTRA_BREAKDOWNS = {"campaigns.unit_tasks": INDICATOR_GROUP, "campaigns.tasks_met": INDICATOR_GROUP}
# Due-item sources of day-to-day work (a team's next event, hours to confirm within a
# week) are reminders, not annual planning: the next-year section leaves them out. At
# city scale they are tens of thousands of items a year and most of the section's time.
OPERATIONAL_SOURCES = {
    "volunteers.reminders.upcoming_events",
    "volunteers.reminders.hours_to_confirm",
}


def planning_sources():
    return [s for s in due_item_sources() if f"{s.__module__}.{s.__name__}" not in OPERATIONAL_SOURCES]


def section_slot(section: str, label: str = "") -> str:
    slot = next((slot for slot, words in MATCH if any(w in section for w in words)), section)
    for sub, words in SPLITS.get(slot, []):
        if any(w in label for w in words):
            return sub
    return slot


def plain_number(value):
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def _choice_labels(model, path: str) -> dict:
    """Display labels for a breakdown field with choices (e.g. level 2 → 市级)."""
    try:
        field = None
        for part in path.split("__"):
            field = model._meta.get_field(part)
            if field.is_relation and field.related_model is not None:
                model = field.related_model
        choices = getattr(field, "flatchoices", None) or []
        return {k: str(v) for k, v in choices}
    except (FieldDoesNotExist, AttributeError):
        return {}


CHILD_CODE_LENGTH = {2: 4, 4: 6, 6: 9}


def _breakdown_name(names: dict, path: str, label: str, name) -> str:
    if name in (None, ""):
        return "未填写"
    if name in names:
        return names[name]
    if path.endswith("__month"):
        return f"{name}月"
    if isinstance(name, int) and "星" in label:
        return f"{name}星" if name else "未评星"
    return str(name)


def gather_figures(region, year: int, progress=None) -> list[dict]:
    from units.models import Region

    defs = figures()
    snapshot = []
    child_length = CHILD_CODE_LENGTH.get(len(region.code))
    children = dict(Region.objects.filter(parent=region).values_list("code", "name")) if child_length else {}
    for idx, fig in enumerate(defs, start=1):
        value = compute_figure(fig, region, year)
        model = fig.queryset(region, year).model
        breakdowns = []
        for path, label in fig.breakdowns:
            label = str(label)
            names = _choice_labels(model, path)
            rows = [
                [
                    _breakdown_name(names, path, label, name),
                    plain_number(v),
                    figure_url(fig.key, region.code, year, by=path, value=name),
                ]
                for name, v in value.breakdown.get(label, [])
            ]
            breakdowns.append({"label": label, "field": path, "rows": rows})
        if fig.key in EXTRA_BREAKDOWNS:
            path, label = EXTRA_BREAKDOWNS[fig.key]
            rows = [
                [_breakdown_name({}, path, label, name), plain_number(v), figure_url(fig.key, region.code, year)]
                for name, v in compute_breakdown(fig, region, year, path)
            ]
            breakdowns.append({"label": label, "field": path, "rows": rows})
        previous_by_child = {}
        if children:
            by_child = compute_figure_by_child(fig, region, year, child_length)
            rows = [
                [children.get(code, code), plain_number(v), figure_url(fig.key, code, year)]
                for code, v in sorted(by_child.items())
            ]
            breakdowns.append({"label": "下级区划", "field": "region", "rows": rows})
            if fig.key in FALLING_KEYS:
                before = compute_figure_by_child(fig, region, year - 1, child_length)
                previous_by_child = {children.get(c, c): plain_number(v) for c, v in sorted(before.items())}
        snapshot.append(
            {
                "key": fig.key,
                "section": str(fig.section),
                "slot": section_slot(str(fig.section), str(fig.label)),
                "label": str(fig.label),
                "value": plain_number(value.value),
                "previous": plain_number(compute_figure(fig, region, year - 1, with_breakdowns=False).value),
                "previous_by_child": previous_by_child,
                "records": named_records(fig, region, year),
                "unit": str(fig.unit),
                "definition": str(fig.definition),
                "sum_field": fig.sum_field,
                "breakdowns": breakdowns,
                "url": figure_url(fig.key, region.code, year),
            }
        )
        if progress:
            progress(idx, len(defs), fig.label)
    return snapshot


def named_records(fig, region, year: int) -> list[dict]:
    """The first records of a figure in NAMED_RECORDS, as {column label: value}."""
    if fig.key not in NAMED_RECORDS or not fig.list_columns:
        return []
    ordering, limit = NAMED_RECORDS[fig.key]
    paths = [path for path, _label in fig.list_columns]
    rows = fig.queryset(region, year).order_by(*ordering).values_list(*paths)[:limit]
    labels = [str(label) for _path, label in fig.list_columns]
    return [{label: plain_value(v) for label, v in zip(labels, row, strict=True)} for row in rows]


def plain_value(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return plain_number(value)


def gather_checks(region, year: int) -> dict:
    """Counts the text needs beside the figures: yearly materials required of the units
    against those submitted (the completeness rule of the titles app)."""
    from types import SimpleNamespace

    from titles.selectors import completeness_matrix

    # The job counts the region's whole subtree, as every figure does.
    matrix = completeness_matrix(SimpleNamespace(is_superuser=True), region=region, year=year, limit=None)
    return {
        "materials": {"required": matrix.required, "submitted": matrix.submitted, "accepted": matrix.accepted},
    }


def sections_of(snapshot: list[dict]) -> list[tuple[str, list[dict]]]:
    """[(section title, figures)] with every expected section present (possibly empty)."""
    by_slot: dict[str, list[dict]] = {}
    for fig in snapshot:
        by_slot.setdefault(fig.get("slot") or section_slot(fig["section"], fig["label"]), []).append(fig)
    ordered = [(s, by_slot.pop(s, [])) for s in SECTIONS]
    return ordered + list(by_slot.items())


def gather_next_year(region, year: int, *, as_of: dt.date | None = None) -> dict:
    """What falls due in the following year, from the registered due-item sources (those
    of annual work, see OPERATIONAL_SOURCES), plus what is overdue: due before the
    summary's as-of date and still open (carried over). Open items due between the as-of
    date and the year's end are still on time ("remaining")."""
    from units.models import Region

    nxt = year + 1
    start, end = dt.date(nxt, 1, 1), dt.date(nxt, 12, 31)
    as_of = as_of or start
    region_ids = set(Region.objects.filter(code__startswith=region.code).values_list("pk", flat=True))
    by_kind, by_month, carried = Counter(), Counter(), Counter()
    remaining = 0
    items = []
    for source in planning_sources():
        for item in source(min(as_of, start), end):
            if item.region_id not in region_ids:
                continue
            if item.due_date < as_of and not item.done:
                carried[str(item.kind)] += 1
            if item.due_date < start:
                remaining += item.due_date >= as_of and not item.done
                continue
            if item.due_date > end:
                continue
            by_kind[str(item.kind)] += 1
            by_month[item.due_date.month] += 1
            if len(items) < MAX_NEXT_YEAR_ITEMS:
                items.append([item.due_date.isoformat(), str(item.kind), str(item.title)])
    items.sort()
    return {
        "year": nxt,
        "total": sum(by_kind.values()),
        "by_kind": sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_month": sorted(by_month.items()),
        "carried_total": sum(carried.values()),
        "carried": sorted(carried.items(), key=lambda kv: (-kv[1], kv[0])),
        "remaining": remaining,
        "as_of": as_of.isoformat(),
        "items": items,
    }
