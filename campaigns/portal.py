"""Portal home to-dos of a liaison: tasks to hand in (or redo) and rectification items."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import Todo, todo_provider
from core.roles import Role, user_roles

from .models import Rectification, TaskStatus
from .selectors import assignments_for, rectifications_for

OPEN_STATUSES = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED, TaskStatus.OVERDUE]
LIMIT = 15


@todo_provider
def campaign_todos(user) -> list[Todo]:
    if Role.LIAISON not in user_roles(user):
        return []
    items = []
    tasks = (
        assignments_for(user)
        .filter(status__in=OPEN_STATUSES, task__indicator__framework__campaign__status="active")
        .order_by("task__deadline")[:LIMIT]
    )
    for a in tasks:
        items.append(
            Todo(
                title=f"{a.task.indicator.code} {a.task.indicator.text[:40]}",
                url=reverse("campaigns:task_detail", args=[a.pk]),
                due=a.task.deadline,
                status=str(TaskStatus(a.status).label),
                category=_("测评任务"),
            )
        )
    for r in rectifications_for(user).filter(status=Rectification.Status.OPEN).order_by("deadline")[:LIMIT]:
        items.append(
            Todo(
                title=r.issue[:50],
                url=reverse("campaigns:rectification_detail", args=[r.pk]),
                due=r.deadline,
                status=_("已逾期") if r.is_overdue else _("待整改"),
                category=_("整改事项"),
            )
        )
    return items
