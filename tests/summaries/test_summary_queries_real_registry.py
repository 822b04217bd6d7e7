"""The query count of the summary's figures with every app's registered figures (not
the test figures): more records of every kind, same number of queries. A figure that
looped over rows would make the counts differ."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from summaries.gather import gather_figures
from tests.exemplars.factories import CampaignFactory as SelectionCampaignFactory
from tests.exemplars.factories import ExemplarFactory, NominationFactory, RoundFactory
from tests.factories import UnitFactory
from tests.volunteers.factories import EventFactory, TeamFactory, VolunteerFactory
from titles.models import Title, TitleCategory

YEAR = timezone.localdate().year
pytestmark = pytest.mark.django_db


def add_records(world, n: int, category, rnd, team):
    r = world.regions
    for i in range(n):
        region = (r.county_a, r.town_a, r.county_b)[i % 3]
        unit = UnitFactory(region=region, kind=("学校", "社区", "党政机关")[i % 3])
        Title.objects.create(
            unit=unit,
            category=category,
            level=("县级", "市级")[i % 2],
            conferred_year=YEAR,
            doc_number=f"文{i}",
            term_end_year=YEAR + 1 + i % 2,
        )
        VolunteerFactory(team=team)
        EventFactory(team=team)
        NominationFactory(round=rnd, region=region, nominator_unit=unit)
        ExemplarFactory(region=region)


def gather(world):
    with CaptureQueriesContext(connection) as ctx:
        snapshot = gather_figures(world.regions.city, YEAR)
    return len(ctx.captured_queries), {f["key"]: f["value"] for f in snapshot}


def test_figure_query_count_of_every_registered_figure_does_not_grow_with_records(world):
    category = TitleCategory.objects.create(name="文明单位", term_years=3)
    rnd = RoundFactory(campaign=SelectionCampaignFactory(region=world.regions.city, year=YEAR))
    team = TeamFactory(region=world.regions.county_a)
    add_records(world, 2, category, rnd, team)
    small, first = gather(world)
    add_records(world, 25, category, rnd, team)
    large, second = gather(world)
    grown = [k for k in first if second[k] != first[k]]
    assert len(grown) >= 5, grown  # the added records really are counted
    assert len(first) >= 30  # every app's figures took part
    assert large == small, (small, large)
