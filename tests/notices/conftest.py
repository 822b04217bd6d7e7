import datetime as dt
from types import SimpleNamespace

import pytest

from core import registry
from core.registry import DueItem

DAY = dt.date(2025, 3, 10)


@pytest.fixture
def due(monkeypatch):
    """A due-item source registered for the test only: `due.items` is what it yields."""
    state = SimpleNamespace(items=[], calls=[])

    def source(start, end):
        state.calls.append((start, end))
        return [i for i in state.items if (start <= i.due_date <= end) or (i.due_date < start and not i.done)]

    monkeypatch.setattr(registry, "_DUE_SOURCES", [source])
    return state


@pytest.fixture
def people(world):
    for user, email in (
        (world.liaison_a, "liaison_a@example.com"),
        (world.liaison_b, "liaison_b@example.com"),
        (world.county_a_staff, "county_a@example.com"),
        (world.county_b_staff, "county_b@example.com"),
        (world.city_staff, "city@example.com"),
    ):
        user.email = email
        user.save(update_fields=["email"])
    return world


def item(key, due_date, *recipients, region=None, kind="年度材料", done=False, title=None):
    return DueItem(
        key=key,
        kind=kind,
        title=title or f"事项{key}",
        due_date=due_date,
        recipient_ids=tuple(u.pk for u in recipients),
        region_id=region.pk if region else None,
        url=f"/portal/x/{key}/",
        done=done,
    )
