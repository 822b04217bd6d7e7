"""Progress roll-ups, checked against numbers worked out by hand, and their query count."""

import datetime as dt
from decimal import Decimal

import pytest

from campaigns.models import AssignmentRole, Evidence, Task, TaskAssignment
from campaigns.selectors import (
    progress_by_indicator,
    progress_by_item,
    progress_by_region,
    progress_by_unit,
    progress_totals,
)
from tests.factories import UnitFactory

from .factories import FrameworkFactory, evidence, task, tree

E = Evidence.Status
TODAY = dt.date(2025, 7, 1)
PAST, FUTURE = dt.date(2025, 6, 30), dt.date(2025, 9, 30)


@pytest.fixture
def plan(world):
    """1.1.1 (2分) A lead accepted + B co accepted → met
    1.1.2 (3分) A lead accepted + B co submitted → not met
    2.1.1 (1.5分) B lead, nothing, past deadline → overdue
    2.1.2 (4分) A2 lead returned (future) + A co draft (future)"""
    fw = FrameworkFactory(campaign__region=world.regions.city)
    leaves = tree(fw, {"1.1.1": "2", "1.1.2": "3", "2.1.1": "1.5", "2.1.2": "4"})
    t1 = task(leaves["1.1.1"], world.unit_a, [world.unit_b], deadline=PAST)
    t2 = task(leaves["1.1.2"], world.unit_a, [world.unit_b], deadline=PAST)
    task(leaves["2.1.1"], world.unit_b, deadline=PAST)
    t4 = task(leaves["2.1.2"], world.unit_a2, [world.unit_a], deadline=FUTURE)
    for a in t1.assignments.all():
        evidence(a, E.ACCEPTED)
    evidence(t2.assignments.get(unit=world.unit_a), E.ACCEPTED)
    evidence(t2.assignments.get(unit=world.unit_b), E.SUBMITTED)
    evidence(t4.assignments.get(unit=world.unit_a2), E.RETURNED)
    evidence(t4.assignments.get(unit=world.unit_a), E.DRAFT)
    return fw


def test_per_indicator(plan):
    rows = {r["code"]: r for r in progress_by_indicator(TaskAssignment.objects.all(), plan.campaign, TODAY)}
    assert list(rows) == ["1.1.1", "1.1.2", "2.1.1", "2.1.2"]
    assert (rows["1.1.1"]["total"], rows["1.1.1"]["met"], rows["1.1.1"]["task_met"]) == (2, 2, True)
    assert rows["1.1.1"]["points_covered"] == Decimal("2")
    assert (rows["1.1.2"]["met"], rows["1.1.2"]["submitted"], rows["1.1.2"]["task_met"]) == (1, 1, False)
    assert rows["1.1.2"]["lead"] == "梁园区教育局"
    assert (rows["2.1.1"]["overdue"], rows["2.1.1"]["lead"]) == (1, "睢阳区教育局")
    assert (rows["2.1.2"]["returned"], rows["2.1.2"]["not_started"], rows["2.1.2"]["overdue"]) == (1, 1, 0)


def test_totals_and_items(plan):
    rows = progress_by_indicator(TaskAssignment.objects.all(), plan.campaign, TODAY)
    t = progress_totals(rows)
    assert (t.tasks, t.tasks_met, t.tasks_overdue) == (4, 1, 1)
    assert (t.assignments, t.assignments_met, t.assignments_overdue) == (7, 3, 1)
    assert (t.points, t.points_covered, t.rate) == (Decimal("10.5"), Decimal("2"), 25.0)
    items = progress_by_item(plan, rows)
    assert [
        (i["code"], i["tasks"], i["tasks_met"], i["tasks_overdue"], i["points"], i["points_covered"]) for i in items
    ] == [("1", 2, 1, 0, Decimal("5"), Decimal("2")), ("2", 2, 0, 1, Decimal("5.5"), 0)]


def test_per_unit(plan, world):
    rows = {r["unit__name"]: r for r in progress_by_unit(TaskAssignment.objects.all(), plan.campaign, TODAY)}
    a = rows["梁园区教育局"]
    assert (a["total"], a["lead"], a["met"], a["not_started"], a["points"], a["points_met"]) == (
        3,
        2,
        2,
        1,
        Decimal("9"),
        Decimal("5"),
    )
    b = rows["睢阳区教育局"]
    assert (b["total"], b["met"], b["submitted"], b["overdue"], b["points_met"]) == (3, 1, 1, 1, Decimal("2"))
    assert rows["梁园区某街道社区"]["returned"] == 1


def test_per_region_folds_townships_into_their_county(plan):
    rows = {r["name"]: r for r in progress_by_region(TaskAssignment.objects.all(), plan.campaign, today=TODAY)}
    assert set(rows) == {"梁园区", "睢阳区"}
    assert (rows["梁园区"]["units"], rows["梁园区"]["total"], rows["梁园区"]["met"]) == (2, 4, 2)
    assert (rows["睢阳区"]["total"], rows["睢阳区"]["overdue"], rows["睢阳区"]["rate"]) == (3, 1, 33.3)


def test_scoped_rollup_counts_only_the_users_region(plan, world):
    from core.scoping import scoped

    rows = progress_by_unit(scoped(TaskAssignment.objects.all(), world.county_b_staff), plan.campaign, TODAY)
    assert [r["unit__name"] for r in rows] == ["睢阳区教育局"]


def test_rollups_take_a_constant_number_of_queries_for_500_indicators_and_200_units(
    world, django_assert_max_num_queries
):
    from campaigns.models import Indicator

    fw = FrameworkFactory(campaign__region=world.regions.city)
    units = UnitFactory.create_batch(200, region=world.regions.county_a)
    items = Indicator.objects.bulk_create(
        [Indicator(framework=fw, code=str(a), level=1, text=f"项目{a}", sort_key=f"{a:03d}") for a in range(1, 11)]
    )
    contents = Indicator.objects.bulk_create(
        [
            Indicator(
                framework=fw, code=f"{i.code}.{b}", level=2, parent=i, text="内容", sort_key=f"{i.sort_key}.{b:03d}"
            )
            for i in items
            for b in range(1, 6)
        ]
    )
    leaves = Indicator.objects.bulk_create(
        [
            Indicator(
                framework=fw,
                code=f"{c.code}.{n}",
                level=3,
                parent=c,
                text="标准",
                points=1,
                method="材料审核",
                sort_key=f"{c.sort_key}.{n:03d}",
            )
            for c in contents
            for n in range(1, 11)
        ]
    )
    assert len(leaves) == 500
    tasks = Task.objects.bulk_create([Task(indicator=i, deadline=PAST) for i in leaves])
    parts = TaskAssignment.objects.bulk_create(
        [
            TaskAssignment(
                task=t, unit=units[(n * 7 + k) % 200], role=AssignmentRole.LEAD if k == 0 else AssignmentRole.CO
            )
            for n, t in enumerate(tasks)
            for k in range(3)
        ]
    )
    Evidence.objects.bulk_create([Evidence(assignment=a, status=E.ACCEPTED) for a in parts[::2]])
    qs = TaskAssignment.objects.all()
    with django_assert_max_num_queries(1):
        rows = progress_by_indicator(qs, fw.campaign, TODAY)
    with django_assert_max_num_queries(1):
        progress_by_item(fw, rows)
    with django_assert_max_num_queries(1):
        unit_rows = progress_by_unit(qs, fw.campaign, TODAY)
    with django_assert_max_num_queries(2):
        progress_by_region(qs, fw.campaign, today=TODAY)
    assert len(rows) == 500 and len(unit_rows) == 200
    assert progress_totals(rows).assignments == 1500
    assert progress_totals(rows).assignments_met == 750
