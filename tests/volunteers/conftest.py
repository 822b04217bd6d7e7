from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from core.roles import Role
from tests.factories import make_user

from .factories import EventFactory, TeamFactory, VolunteerFactory


@pytest.fixture
def vworld(world):
    """Two teams in two counties; world.team_leader leads team_a; a second leader leads team_b."""
    r = world.regions
    leader_b = make_user("leader_b", [Role.TEAM_LEADER], region=r.county_b)
    team_a = TeamFactory(
        name="梁园区党员志愿服务队", region=r.county_a, host_unit=world.unit_a, leaders=[world.team_leader]
    )
    team_b = TeamFactory(name="睢阳区青年志愿服务队", region=r.county_b, host_unit=world.unit_b, leaders=[leader_b])
    vol_a = VolunteerFactory(team=team_a, name="张晓红")
    vol_b = VolunteerFactory(team=team_b, name="李明")
    vol_user = make_user("vol_a_user", [Role.VOLUNTEER], region=r.county_a)
    vol_a.user = vol_user
    vol_a.save()
    Group.objects.get_or_create(name=Role.VOLUNTEER)
    return SimpleNamespace(
        w=world,
        r=r,
        team_a=team_a,
        team_b=team_b,
        leader_a=world.team_leader,
        leader_b=leader_b,
        vol_a=vol_a,
        vol_b=vol_b,
        vol_user=vol_user,
        event_a=EventFactory(team=team_a),
        event_b=EventFactory(team=team_b),
    )
