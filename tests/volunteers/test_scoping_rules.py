"""Team rules in core.scoping: who manages a team, which open needs a leader sees."""

import pytest

from core.scoping import can_manage_team, leader_county_codes


@pytest.mark.django_db
def test_team_managers_are_its_leaders_and_covering_writing_staff(vworld):
    w = vworld.w
    assert can_manage_team(vworld.leader_a, vworld.team_a) and not can_manage_team(vworld.leader_a, vworld.team_b)
    assert can_manage_team(w.county_a_staff, vworld.team_a) and can_manage_team(w.city_staff, vworld.team_b)
    assert not can_manage_team(w.county_b_staff, vworld.team_a)
    assert not can_manage_team(w.official, vworld.team_a)  # officials read only


@pytest.mark.django_db
def test_a_leader_takes_on_needs_in_the_counties_of_their_active_teams(vworld):
    assert leader_county_codes(vworld.leader_a) == {"411402"}
    vworld.team_a.is_active = False
    vworld.team_a.save()
    assert leader_county_codes(vworld.leader_a) == set()
