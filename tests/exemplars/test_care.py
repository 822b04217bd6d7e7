"""困难帮扶: hardship flag, care visits, the half-year statistics (hand-computed), the
festival visiting list, reminders and figures."""

import datetime as dt
from decimal import Decimal

import pytest

from core.registry import compute_figure, figure
from exemplars import selectors, services
from exemplars.models import CareVisit, Exemplar
from exemplars.reminders import festival_visits_due, hardship_statistics_due
from tests.exemplars.factories import ExemplarFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    a1 = ExemplarFactory(name="甲", region=world.regions.county_a, hardship=True, hardship_since=dt.date(2024, 3, 1))
    a2 = ExemplarFactory(name="乙", region=world.regions.town_a, hardship=True, hardship_since=dt.date(2025, 8, 1))
    a3 = ExemplarFactory(name="丙", region=world.regions.county_a)
    b1 = ExemplarFactory(name="丁", region=world.regions.county_b, hardship=True, hardship_since=dt.date(2023, 1, 1))

    def visit(e, day, money):
        return CareVisit.objects.create(exemplar=e, date=day, visitors="文明办", amount=Decimal(money))  # noqa: E731

    visit(a1, dt.date(2025, 1, 20), 1000)  # H1
    visit(a1, dt.date(2025, 2, 5), 500)  # H1, same person again
    visit(a3, dt.date(2025, 5, 1), 300)  # H1, not in hardship
    visit(b1, dt.date(2025, 1, 25), 800)  # H1
    visit(a2, dt.date(2025, 9, 20), 600)  # H2
    return a1, a2, a3, b1


def test_half_year_statistics_by_county_hand_computed(world, people):
    table = {r["region"]: r for r in selectors.hardship_statistics(world.regions.city, 2025, 1)}
    # 梁园区: 甲 乙 丙 = 3 exemplars; in hardship by 2025-06-30: 甲 only (乙 from August);
    # visits in H1: 甲×2, 丙×1 = 3; hardship exemplars visited: 甲 = 1; money 1000+500+300.
    a = table["梁园区"]
    assert (a["exemplars"], a["hardship"], a["visits"], a["visited"], a["amount"]) == (3, 1, 3, 1, Decimal("1800"))
    b = table["睢阳区"]
    assert (b["exemplars"], b["hardship"], b["visits"], b["visited"], b["amount"]) == (1, 1, 1, 1, Decimal("800"))
    total = table["合计"]
    assert (total["exemplars"], total["hardship"], total["visits"], total["visited"], total["amount"]) == (
        4,
        2,
        4,
        2,
        Decimal("2600"),
    )
    h2 = {r["region"]: r for r in selectors.hardship_statistics(world.regions.city, 2025, 2)}
    assert (h2["梁园区"]["hardship"], h2["梁园区"]["visits"], h2["梁园区"]["visited"]) == (2, 1, 1)


def test_county_table_has_one_row_for_itself(world, people):
    table = selectors.hardship_statistics(world.regions.county_a, 2025, 1)
    assert [r["region"] for r in table] == ["梁园区", "合计"]


def test_festival_list_shows_hardship_exemplars_not_visited_this_season(world, people):
    a1, a2, a3, b1 = people
    # 2025 春节 = 1月29日, season 2024-12-20 .. 2025-02-13: 甲 and 丁 visited, 乙 not.
    qs, season = selectors.festival_visit_list(Exemplar.objects.all(), "春节", 2025)
    assert season == (dt.date(2025, 1, 29), dt.date(2024, 12, 20), dt.date(2025, 2, 13))
    assert [e.name for e in qs] == ["乙"]
    everyone, _season = selectors.festival_visit_list(Exemplar.objects.all(), "春节", 2025, hardship_only=False)
    assert sorted(e.name for e in everyone) == ["丙", "乙"]


def test_hardship_flag_and_visit_services(world, people, on_day):
    from core.workflow import TransitionError

    a3 = people[2]
    with pytest.raises(TransitionError):
        services.exemplar_set_hardship(exemplar=a3, reason=" ", by=world.city_staff)
    services.exemplar_set_hardship(exemplar=a3, reason="因病致困", by=world.city_staff, since=dt.date(2025, 3, 1))
    a3.refresh_from_db()
    assert a3.hardship and a3.hardship_reason == "因病致困"
    with on_day(dt.date(2025, 3, 10)):
        with pytest.raises(TransitionError, match="晚于今天"):
            services.care_visit_record(exemplar=a3, date=dt.date(2025, 3, 11), visitors="文明办", by=world.city_staff)
        visit = services.care_visit_record(
            exemplar=a3, date=dt.date(2025, 3, 9), visitors="文明办", amount=200, by=world.city_staff
        )
    assert visit.recorded_by == world.city_staff
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.care_visit_record(exemplar=a3, date=dt.date(2025, 3, 9), visitors="x", by=world.official)


def test_half_year_reminder_is_done_once_reported(world, people):
    items = [
        i
        for i in hardship_statistics_due(dt.date(2025, 6, 1), dt.date(2025, 7, 10))
        if i.region_id == world.regions.city.pk
    ]
    (item,) = items
    assert item.due_date == dt.date(2025, 6, 30) and not item.done and world.city_staff.pk in item.recipient_ids
    services.hardship_report_submit(region=world.regions.city, year=2025, half=1, by=world.city_staff)
    (item,) = [
        i
        for i in hardship_statistics_due(dt.date(2025, 6, 1), dt.date(2025, 7, 10))
        if i.region_id == world.regions.city.pk
    ]
    assert item.done and item.key == f"exemplars.hardship_stats:{world.regions.city.pk}:2025H1"


def test_festival_reminder_before_spring_festival(world, people):
    items = {i.region_id: i for i in festival_visits_due(dt.date(2025, 1, 1), dt.date(2025, 1, 31))}
    city = items[world.regions.city.pk]
    assert city.due_date == dt.date(2025, 1, 28) and not city.done  # 乙 not visited
    county_b = items[world.regions.county_b.pk]
    assert county_b.done  # 丁 visited in the season


def test_figures_count_visits_and_hardship(world, people):
    visits = compute_figure(figure("exemplars.care_visits"), world.regions.city, 2025)
    assert visits.value == 5
    hardship = compute_figure(figure("exemplars.hardship"), world.regions.county_a, 2025)
    assert hardship.value == 2
    assert compute_figure(figure("exemplars.hardship"), world.regions.county_a, 2024).value == 1
