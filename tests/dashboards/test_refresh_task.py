"""The hourly snapshot job: the current year every hour, the five trend years at night
(or when they have never been computed)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from dashboards.models import FigureSnapshot
from dashboards.tasks import refresh_all_snapshots

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _years():
    return sorted(set(FigureSnapshot.objects.values_list("year", flat=True)))


def test_first_run_fills_five_years_then_hourly_runs_touch_only_this_year(dash_world):
    with time_machine.travel(dt.datetime(2025, 6, 1, 10, 5, tzinfo=SHANGHAI), tick=False):
        refresh_all_snapshots()
    assert _years() == [2021, 2022, 2023, 2024, 2025]
    old = FigureSnapshot.objects.get(region=dash_world.regions.city, year=2024, key="test.units_new")
    with time_machine.travel(dt.datetime(2025, 6, 1, 11, 5, tzinfo=SHANGHAI), tick=False):
        refresh_all_snapshots()
    assert FigureSnapshot.objects.get(pk=old.pk).computed_at == old.computed_at
    current = FigureSnapshot.objects.get(region=dash_world.regions.city, year=2025, key="test.units_new")
    assert current.computed_at > old.computed_at and current.value == 5
    with time_machine.travel(dt.datetime(2025, 6, 2, 2, 5, tzinfo=SHANGHAI), tick=False):
        refresh_all_snapshots()
    assert not FigureSnapshot.objects.filter(pk=old.pk).exists()  # replaced by the nightly run


def test_snapshots_cover_province_city_and_counties_with_units(dash_world):
    with time_machine.travel(dt.datetime(2025, 6, 1, 2, 5, tzinfo=SHANGHAI), tick=False):
        refresh_all_snapshots()
    codes = set(FigureSnapshot.objects.values_list("region__code", flat=True))
    r = dash_world.regions
    assert {r.province.code, r.city.code, r.county_a.code, r.county_b.code} <= codes
    assert r.town_a.code not in codes  # townships are computed live


def test_refresh_command_only_touches_the_named_region(dash_world):
    from django.core.management import CommandError, call_command

    r = dash_world.regions
    call_command("refresh_dashboards", "--region", r.city.code, "--years", "2025", "--only", verbosity=0)
    assert set(FigureSnapshot.objects.values_list("region__code", "year").distinct()) == {(r.city.code, 2025)}
    with pytest.raises(CommandError):
        call_command("refresh_dashboards", "--only", verbosity=0)
