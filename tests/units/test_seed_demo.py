import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.idcard import parse_id_number
from units.models import Unit, UnitKind


@pytest.mark.django_db
def test_demo_city_has_units_of_every_kind_and_a_user_per_role(regions):
    call_command("seed_demo", "--scale", "demo", "--apps", "units", verbosity=0)
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert kinds >= {k for k in UnitKind.values if k != UnitKind.OTHER}
    assert not Unit.objects.exclude(region__code__startswith="4114").exists()
    users = get_user_model().objects
    for username, group in [
        ("city_staff", "文明办工作人员"),
        ("official", "领导"),
        ("liaison_a", "单位联络员"),
        ("reviewer", "评审专家"),
        ("team_leader", "志愿服务队负责人"),
    ]:
        assert users.get(username=username).groups.filter(name=group).exists()
    assert users.get(username="liaison_a").liaison_units.count() == 1
    assert users.get(username="liaison_a").check_password("Demo@2025civ")


@pytest.mark.django_db
def test_seed_refuses_a_database_that_already_has_units(regions):
    from django.core.management.base import CommandError

    call_command("seed_demo", "--apps", "units", verbosity=0)
    with pytest.raises(CommandError):
        call_command("seed_demo", "--apps", "units", verbosity=0)
    call_command("seed_demo", "--apps", "units", "--if-empty", verbosity=0)  # make run: skip quietly


def test_demo_id_numbers_are_valid():
    import datetime as dt

    from core.idcard import make_id_number

    number = make_id_number("411402", dt.date(1985, 6, 1), "女")
    assert parse_id_number(number)[2] == "女"
