"""Due items for the reminder scan: events coming up for team leaders, hours to confirm."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from core.registry import DueItem, due_item_source

from .models import ServiceEvent

CONFIRM_WITHIN_DAYS = 7


def _leaders(events):
    from .models import Team

    team_ids = {e.team_id for e in events}
    leaders: dict[int, list[int]] = {}
    for team_id, user_id in Team.leaders.through.objects.filter(team_id__in=team_ids).values_list("team_id", "user_id"):
        leaders.setdefault(team_id, []).append(user_id)
    return leaders


@due_item_source
def upcoming_events(start: dt.date, end: dt.date):
    events = list(
        ServiceEvent.objects.filter(starts_at__date__gte=start, starts_at__date__lte=end).select_related("team")
    )
    leaders = _leaders(events)
    for e in events:
        yield DueItem(
            key=f"volunteers.event:{e.pk}",
            kind="志愿服务活动",
            title=f"{e.team.name}：{e.title}（{e.place}）",
            due_date=timezone.localdate(e.starts_at),
            recipient_ids=tuple(leaders.get(e.team_id, ())),
            region_id=e.team.region_id,
            url=reverse("volunteers:event_detail", args=[e.pk]),
        )


@due_item_source
def hours_to_confirm(start: dt.date, end: dt.date):
    """Events whose hours must be confirmed within a week after they end; open ones stay
    listed (overdue) until confirmed."""
    since = start - dt.timedelta(days=CONFIRM_WITHIN_DAYS + 90)
    events = list(
        ServiceEvent.objects.filter(
            ends_at__date__gte=since, ends_at__date__lte=end - dt.timedelta(days=CONFIRM_WITHIN_DAYS)
        ).select_related("team")
    )
    leaders = _leaders(events)
    for e in events:
        yield DueItem(
            key=f"volunteers.hours:{e.pk}",
            kind="确认服务时长",
            title=f"确认活动“{e.title}”的志愿服务时长",
            due_date=timezone.localdate(e.ends_at) + dt.timedelta(days=CONFIRM_WITHIN_DAYS),
            recipient_ids=tuple(leaders.get(e.team_id, ())),
            region_id=e.team.region_id,
            url=reverse("volunteers:event_detail", args=[e.pk]),
            done=e.hours_confirmed_at is not None,
        )
