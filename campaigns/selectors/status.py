"""The one place where a unit's task status is derived (DESIGN.md §3): from the unit's
latest evidence and the task deadline. Nothing stores it."""

import datetime as dt

from django.db.models import Case, CharField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from ..models import Evidence, TaskStatus

E = Evidence.Status


def latest_evidence_status():
    return Subquery(
        Evidence.objects.filter(assignment=OuterRef("pk")).order_by("-created_at", "-pk").values("status")[:1]
    )


def with_status(assignments, today: dt.date | None = None):
    """Annotate TaskAssignment rows with `status` (a TaskStatus value).

    已通过 when the latest evidence is accepted; 已提交 while it awaits review (a unit
    that handed in on time is not late because review is slow); otherwise 逾期 once
    the deadline has passed; before that 退回 / 进行中 (draft saved) / 未开始."""
    today = today or timezone.localdate()
    return assignments.annotate(latest_evidence=latest_evidence_status()).annotate(
        status=Case(
            When(latest_evidence=E.ACCEPTED, then=Value(TaskStatus.ACCEPTED)),
            When(latest_evidence=E.SUBMITTED, then=Value(TaskStatus.SUBMITTED)),
            When(task__deadline__lt=today, then=Value(TaskStatus.OVERDUE)),
            When(latest_evidence=E.RETURNED, then=Value(TaskStatus.RETURNED)),
            When(latest_evidence=E.DRAFT, then=Value(TaskStatus.IN_PROGRESS)),
            default=Value(TaskStatus.NOT_STARTED),
            output_field=CharField(),
        )
    )


def status_q(status: str) -> Q:
    """Filter on the annotated status (for querysets made by `with_status`)."""
    return Q(status=status)


def status_label(value: str) -> str:
    return str(TaskStatus(value).label)
