import datetime as dt

import pytest
import time_machine

from tests.exemplars.factories import CampaignFactory, NominationFactory, RoundFactory


@pytest.fixture
def city_round(world):
    campaign = CampaignFactory(name="第八届商丘市道德模范评选", region=world.regions.city)
    return RoundFactory(campaign=campaign)


@pytest.fixture
def nominate(city_round, world):
    """nominate(**fields) -> a 待初审 nomination from 梁园区 by default."""

    def make(**fields):
        fields.setdefault("round", city_round)
        fields.setdefault("region", world.regions.county_a)
        fields.setdefault("nominator_unit", world.unit_a)
        return NominationFactory(**fields)

    return make


@pytest.fixture
def on_day():
    """on_day(date) -> a time_machine traveller context (Asia/Shanghai noon)."""

    def travel(day: dt.date):
        return time_machine.travel(
            dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
        )

    return travel
