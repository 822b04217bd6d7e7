"""Portal to-dos for team leaders and volunteers."""

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from core.registry import Todo, todo_provider
from core.roles import Role, user_roles

from .models import ServiceEvent, Volunteer


@todo_provider
def team_leader_todos(user):
    if Role.TEAM_LEADER not in user_roles(user):
        return []
    todos = []
    pending = (
        Volunteer.objects.filter(team__leaders=user, status=Volunteer.Status.PENDING)
        .values("team__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in pending:
        todos.append(
            Todo(
                title=f"{row['team__name']}：{row['n']}名志愿者注册待审核",
                url=reverse("volunteers:index"),
                status="待审核",
                category="志愿者",
            )
        )
    now = timezone.now()
    for e in ServiceEvent.objects.filter(
        team__leaders=user, starts_at__lt=now, hours_confirmed_at__isnull=True
    ).order_by("-starts_at")[:20]:
        todos.append(
            Todo(
                title=f"确认“{e.title}”的服务时长",
                url=reverse("volunteers:event_detail", args=[e.pk]),
                due=timezone.localdate(e.ends_at) + dt.timedelta(days=7),
                status="待确认",
                category="服务时长",
            )
        )
    return todos


@todo_provider
def volunteer_todos(user):
    if Role.VOLUNTEER not in user_roles(user):
        return []
    volunteer = Volunteer.objects.filter(user=user).only("pk", "team_id").first()
    if volunteer is None or not volunteer.team_id:
        return []
    events = (
        ServiceEvent.objects.filter(team_id=volunteer.team_id, starts_at__gte=timezone.now())
        .exclude(signups__volunteer=volunteer)
        .order_by("starts_at")[:5]
    )
    return [
        Todo(
            title=f"可报名：{e.title}",
            url=reverse("volunteers:me"),
            due=timezone.localdate(e.starts_at),
            status="招募中",
            category="志愿服务",
        )
        for e in events
    ]
