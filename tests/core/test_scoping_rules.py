"""The object-level access rules gathered in core.scoping (issue #12): the region-prefix
rule, staff and liaison checks, team managers, leaders' counties, region ancestors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from core.scoping import (
    ancestor_codes,
    covers,
    is_unit_liaison,
    require_covers,
    staff_covers,
    unit_worker,
)


def test_ancestor_codes_follow_gbt_2260_nesting():
    assert ancestor_codes("411402001") == ["41", "4114", "411402", "411402001"]
    assert ancestor_codes("4114", include_self=False) == ["41"]
    assert ancestor_codes("41", include_self=False) == []


@pytest.mark.django_db
def test_region_ancestor_codes(world):
    assert world.regions.county_a.ancestor_codes() == ["41", "4114", "411402"]


@pytest.mark.django_db
def test_covers_is_the_region_subtree_for_every_role(world):
    r = world.regions
    assert covers(world.city_staff, r.county_a) and covers(world.city_staff, "411403")
    assert covers(world.county_a_staff, r.town_a) and not covers(world.county_a_staff, r.county_b)
    assert not covers(world.county_a_staff, r.city)  # not upwards
    assert covers(world.official, r.county_b)  # officials: the same subtree, read-only elsewhere
    assert not covers(AnonymousUser(), r.county_a)


@pytest.mark.django_db
def test_require_covers_refuses_outside_the_subtree(world):
    require_covers(world.county_a_staff, world.regions.county_a)
    with pytest.raises(PermissionDenied):
        require_covers(world.county_a_staff, world.regions.county_b)


@pytest.mark.django_db
def test_staff_covers_needs_the_staff_role(world):
    assert staff_covers(world.county_a_staff, world.regions.county_a)
    assert not staff_covers(world.official, world.regions.county_a)
    assert not staff_covers(world.team_leader, world.regions.county_a)  # region 梁园区, but no staff role


@pytest.mark.django_db
def test_unit_worker_is_the_units_liaison_or_covering_staff(world):
    assert is_unit_liaison(world.liaison_a, world.unit_a) and not is_unit_liaison(world.liaison_a, world.unit_b)
    assert unit_worker(world.liaison_a, world.unit_a) and unit_worker(world.county_a_staff, world.unit_a)
    assert not unit_worker(world.county_b_staff, world.unit_a) and not unit_worker(world.official, world.unit_a)
