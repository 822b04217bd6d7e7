"""Progress roll-ups of one campaign's tasks: per indicator, per 测评项目, per unit and
per region. Each is one aggregate query over unit tasks (plus one for names), however
many indicators and units there are.

Definitions (shown to users in the report):
- a unit task is 达标 (met) when its latest evidence is accepted;
- a task (indicator) is 达标 when every responsible unit's part is met, and then its
  points count as covered;
- a task is 逾期 when any unit's part is overdue.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Substr

from units.models import Region

from ..models import AssignmentRole, Indicator, TaskStatus
from .status import with_status

S = TaskStatus


def _counts():
    return {
        "total": Count("pk"),
        "met": Count("pk", filter=Q(status=S.ACCEPTED)),
        "submitted": Count("pk", filter=Q(status=S.SUBMITTED)),
        "returned": Count("pk", filter=Q(status=S.RETURNED)),
        "overdue": Count("pk", filter=Q(status=S.OVERDUE)),
        "not_started": Count("pk", filter=Q(status__in=[S.NOT_STARTED, S.IN_PROGRESS])),
    }


def _base(assignments, campaign, today):
    qs = assignments.filter(task__indicator__framework__campaign=campaign)
    return with_status(qs, today).order_by()


def _rate(met, total) -> float:
    return round(100.0 * met / total, 1) if total else 0.0


def progress_by_indicator(assignments, campaign, today=None) -> list[dict]:
    rows = list(
        _base(assignments, campaign, today)
        .values(
            "task_id",
            "task__deadline",
            code=Max("task__indicator__code"),
        )
        .annotate(
            sort_key=Max("task__indicator__sort_key"),
            text=Max("task__indicator__text"),
            points=Max("task__indicator__points"),
            method=Max("task__indicator__method"),
            lead=Max("unit__name", filter=Q(role=AssignmentRole.LEAD)),
            **_counts(),
        )
    )
    for r in rows:
        r["task_met"] = r["total"] > 0 and r["met"] == r["total"]
        r["points_covered"] = r["points"] if r["task_met"] else Decimal(0)
        r["rate"] = _rate(r["met"], r["total"])
    rows.sort(key=lambda r: r["sort_key"])
    return rows


def progress_by_item(framework, indicator_rows: list[dict]) -> list[dict]:
    """测评项目 (level 1) totals folded from `progress_by_indicator` rows: one query for
    the item names."""
    items = {
        i.code: {
            "code": i.code,
            "text": i.text,
            "tasks": 0,
            "tasks_met": 0,
            "tasks_overdue": 0,
            "points": Decimal(0),
            "points_covered": Decimal(0),
            "sort_key": i.sort_key,
        }
        for i in Indicator.objects.filter(framework=framework, level=Indicator.Level.ITEM)
    }
    for r in indicator_rows:
        item = items.get(r["code"].split(".")[0])
        if item is None:
            continue
        item["tasks"] += 1
        item["tasks_met"] += int(r["task_met"])
        item["tasks_overdue"] += int(r["overdue"] > 0)
        item["points"] += r["points"] or 0
        item["points_covered"] += r["points_covered"]
    out = sorted(items.values(), key=lambda i: i["sort_key"])
    for i in out:
        i["rate"] = _rate(i["tasks_met"], i["tasks"])
    return out


def progress_by_unit(assignments, campaign, today=None) -> list[dict]:
    rows = list(
        _base(assignments, campaign, today)
        .values("unit_id", "unit__name", "unit__region__name", "unit__region__code")
        .annotate(
            lead=Count("pk", filter=Q(role=AssignmentRole.LEAD)),
            points=Sum("task__indicator__points"),
            points_met=Sum("task__indicator__points", filter=Q(status=S.ACCEPTED)),
            **_counts(),
        )
        .order_by("unit__region__code", "unit__name")
    )
    for r in rows:
        r["points_met"] = r["points_met"] or Decimal(0)
        r["rate"] = _rate(r["met"], r["total"])
    return rows


def progress_by_region(assignments, campaign, *, code_length: int = 6, today=None) -> list[dict]:
    """Per region at one level of the tree (6 = county) — units of townships count for
    their county."""
    rows = list(
        _base(assignments, campaign, today)
        .annotate(area=Substr("unit__region__code", 1, code_length))
        .values("area")
        .annotate(
            units=Count("unit", distinct=True),
            points_met=Sum("task__indicator__points", filter=Q(status=S.ACCEPTED)),
            **_counts(),
        )
        .order_by("area")
    )
    names = dict(Region.objects.filter(code__in=[r["area"] for r in rows]).values_list("code", "name"))
    for r in rows:
        r["name"] = names.get(r["area"], r["area"])
        r["points_met"] = r["points_met"] or Decimal(0)
        r["rate"] = _rate(r["met"], r["total"])
    return rows


@dataclass
class Totals:
    tasks: int = 0
    tasks_met: int = 0
    tasks_overdue: int = 0
    assignments: int = 0
    assignments_met: int = 0
    assignments_overdue: int = 0
    points: Decimal = Decimal(0)
    points_covered: Decimal = Decimal(0)
    by_status: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return _rate(self.tasks_met, self.tasks)


def progress_totals(indicator_rows: list[dict]) -> Totals:
    t = Totals()
    for r in indicator_rows:
        t.tasks += 1
        t.tasks_met += int(r["task_met"])
        t.tasks_overdue += int(r["overdue"] > 0)
        t.assignments += r["total"]
        t.assignments_met += r["met"]
        t.assignments_overdue += r["overdue"]
        t.points += r["points"] or 0
        t.points_covered += r["points_covered"]
        for key in ("submitted", "returned", "not_started"):
            t.by_status[key] = t.by_status.get(key, 0) + r[key]
    return t
