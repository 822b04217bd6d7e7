"""Due items for the daily reminder scan: task evidence deadlines (per unit) and
rectification deadlines. Recipients are the unit's liaisons."""

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import DueItem, due_item_source
from units.models import Unit

from .models import Rectification, TaskAssignment, TaskStatus
from .selectors import with_status


def _liaison_ids(unit) -> tuple[int, ...]:
    return tuple(sorted(u.pk for u in unit.liaisons.all()))


def _units_with_liaisons(prefix: str):
    return Prefetch(f"{prefix}unit", queryset=Unit.objects.prefetch_related("liaisons").select_related("region"))


@due_item_source
def task_evidence_due(start: dt.date, end: dt.date):
    """Unit tasks due in [start, end], plus earlier ones still not handed in."""
    qs = (
        with_status(TaskAssignment.objects.all(), start)
        .filter(task__indicator__framework__campaign__status="active", task__deadline__lte=end)
        .exclude(status=TaskStatus.ACCEPTED)
        .exclude(task__deadline__lt=start, status=TaskStatus.SUBMITTED)
        .select_related("task__indicator", "task__indicator__framework__campaign")
        .prefetch_related(_units_with_liaisons(""))
    )
    for a in qs.iterator(chunk_size=500):
        ind = a.task.indicator
        yield DueItem(
            key=f"campaigns.task:{a.pk}",
            kind=_("测评任务"),
            title=_("%(unit)s：%(code)s %(text)s 佐证材料")
            % {"unit": a.unit.name, "code": ind.code, "text": ind.text[:30]},
            due_date=a.task.deadline,
            recipient_ids=_liaison_ids(a.unit),
            region_id=ind.framework.campaign.region_id,
            url=reverse("campaigns:task_detail", args=[a.pk]),
            done=a.status == TaskStatus.SUBMITTED,
        )


@due_item_source
def rectification_due(start: dt.date, end: dt.date):
    qs = (
        Rectification.objects.filter(deadline__lte=end)
        .exclude(status=Rectification.Status.CLOSED)
        .exclude(deadline__lt=start, status=Rectification.Status.ANSWERED)
        .select_related("inspection")
        .prefetch_related(_units_with_liaisons(""))
    )
    for r in qs.iterator(chunk_size=500):
        yield DueItem(
            key=f"campaigns.rectification:{r.pk}",
            kind=_("整改事项"),
            title=_("%(unit)s：%(issue)s") % {"unit": r.unit.name, "issue": r.issue[:40]},
            due_date=r.deadline,
            recipient_ids=_liaison_ids(r.unit),
            region_id=r.inspection.region_id,
            url=reverse("campaigns:rectification_detail", args=[r.pk]),
            done=r.status == Rectification.Status.ANSWERED,
        )
