"""Shared personas (STYLE.md): staff of city X, staff of county Y, liaison of unit A,
liaison of unit B, official, reviewer, anonymous — on a small real region tree
(商丘市 4114 and two of its counties)."""

from types import SimpleNamespace

import pytest

from core.roles import Role, sync_role_groups
from tests.factories import UnitFactory, make_user
from units.models import Region
from units.services.regions import regions_load


@pytest.fixture
def regions(db):
    regions_load(only="4114")
    sync_role_groups()
    return SimpleNamespace(
        province=Region.objects.get(code="41"),
        city=Region.objects.get(code="4114"),
        county_a=Region.objects.get(code="411402"),  # 梁园区
        county_b=Region.objects.get(code="411403"),  # 睢阳区
        town_a=Region.objects.filter(code__startswith="411402", level=Region.Level.TOWNSHIP).order_by("code").first(),
    )


@pytest.fixture
def world(regions):
    """Units and one user per persona."""
    unit_a = UnitFactory(name="梁园区教育局", region=regions.county_a)
    unit_a2 = UnitFactory(name="梁园区某街道社区", region=regions.town_a, kind="社区")
    unit_b = UnitFactory(name="睢阳区教育局", region=regions.county_b)
    unit_city = UnitFactory(name="商丘市文明办", region=regions.city)
    return SimpleNamespace(
        regions=regions,
        unit_a=unit_a,
        unit_a2=unit_a2,
        unit_b=unit_b,
        unit_city=unit_city,
        city_staff=make_user("city_staff", [Role.STAFF], region=regions.city, is_staff=True),
        county_a_staff=make_user("county_a_staff", [Role.STAFF], region=regions.county_a, is_staff=True),
        county_b_staff=make_user("county_b_staff", [Role.STAFF], region=regions.county_b, is_staff=True),
        revealer=make_user("revealer", [Role.STAFF, Role.PERSONAL_DATA], region=regions.city, is_staff=True),
        liaison_a=make_user("liaison_a", [Role.LIAISON], region=regions.county_a, units=[unit_a]),
        liaison_b=make_user("liaison_b", [Role.LIAISON], region=regions.county_b, units=[unit_b]),
        official=make_user("official", [Role.OFFICIAL], region=regions.city),
        reviewer=make_user("reviewer", [Role.REVIEWER], region=regions.city),
        team_leader=make_user("team_leader", [Role.TEAM_LEADER], region=regions.county_a),
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as user."""

    def login(user):
        client.force_login(user)
        return client

    return login
