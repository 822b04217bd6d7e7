"""Registries: figures, due items and portal to-dos fed by the volunteers app."""

import datetime as dt

from django.utils import timezone

from core.registry import compute_figure, due_item_sources, figure, todos_for
from volunteers.models import SignUp
from volunteers.services import service_hours_confirm

from .factories import EventFactory, VolunteerFactory


def test_hours_and_volunteer_figures(vworld):
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: "3"}, by=vworld.leader_a)
    year = timezone.localdate(vworld.event_a.starts_at).year
    assert compute_figure(figure("volunteers.hours"), vworld.r.county_a, year).value == 3
    assert compute_figure(figure("volunteers.hours"), vworld.r.county_b, year).value == 0
    total = compute_figure(figure("volunteers.registered_total"), vworld.r.city, timezone.localdate().year)
    assert total.value == 2 and "政治面貌" in total.breakdown


def test_due_items_for_upcoming_events_and_hours_to_confirm(vworld):
    today = timezone.localdate()
    soon = EventFactory(team=vworld.team_a, starts_at=timezone.now() + dt.timedelta(days=3))
    past = EventFactory(team=vworld.team_a, starts_at=timezone.now() - dt.timedelta(days=10))
    items = [i for src in due_item_sources() for i in src(today, today + dt.timedelta(days=7))]
    keys = {i.key: i for i in items}
    assert keys[f"volunteers.event:{soon.pk}"].recipient_ids == (vworld.leader_a.pk,)
    assert f"volunteers.hours:{past.pk}" in keys and not keys[f"volunteers.hours:{past.pk}"].done


def test_portal_todos_for_leader_and_volunteer(vworld):
    VolunteerFactory(team=vworld.team_a, status="pending")
    EventFactory(team=vworld.team_a, starts_at=timezone.now() + dt.timedelta(days=2))
    leader_titles = [t.title for t in todos_for(vworld.leader_a)]
    assert any("待审核" in t for t in leader_titles) and any("确认" in t for t in leader_titles)
    assert any(t.title.startswith("可报名") for t in todos_for(vworld.vol_user))
