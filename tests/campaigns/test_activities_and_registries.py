import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from campaigns.models import Activity, Campaign, Evidence
from campaigns.services.activities import activity_record
from campaigns.services.reports import activities_xlsx
from core.registry import compute_figure, due_item_sources, figure
from core.workflow import TransitionError

from .factories import CampaignFactory, FrameworkFactory, evidence, task, tree


@pytest.fixture
def campaign(world):
    return CampaignFactory(region=world.regions.city, year=2025)


def record(world, campaign, unit=None, kind="道德讲堂", n=50, date=dt.date(2025, 5, 1)):
    return activity_record(
        unit=unit or world.unit_a,
        campaign=campaign,
        title="活动",
        kind=kind,
        date=date,
        place="会议室",
        participants=n,
        by=world.liaison_a if unit in (None, world.unit_a) else world.city_staff,
    )


def test_activity_needs_an_open_campaign_of_the_units_area(world, campaign):
    ended = CampaignFactory(region=world.regions.city, status=Campaign.Status.ENDED)
    other_county = CampaignFactory(region=world.regions.county_b)
    for c in (ended, other_county):
        with pytest.raises(TransitionError):
            record(world, c)
    county_campaign = CampaignFactory(region=world.regions.county_a)
    assert record(world, county_campaign).pk


def test_activity_in_the_future_is_refused(world, campaign):
    with pytest.raises(TransitionError, match="不能晚于今天"):
        record(world, campaign, date=dt.date(2999, 1, 1))


def test_activities_export_totals(world, campaign):
    record(world, campaign, n=40)
    record(world, campaign, kind="志愿服务", n=25)
    wb = load_workbook(io.BytesIO(activities_xlsx(Activity.objects.select_related("campaign", "unit__region"))))
    ws = wb.active
    assert ws["A2"].value == "2025年5月1日"
    assert [c.value for c in ws[ws.max_row]][:8] == ["合计", None, None, "2场", None, None, None, 65]


def test_figures_count_activities_and_participants_by_kind(world, campaign):
    record(world, campaign, n=40)
    record(world, campaign, n=60)
    record(world, campaign, kind="志愿服务", n=25)
    record(world, campaign, unit=world.unit_b, n=1000)  # other county
    county_a = world.regions.county_a
    v = compute_figure(figure("campaigns.activities"), county_a, 2025)
    assert v.value == 3 and v.breakdown["活动类型"] == [("志愿服务", 1), ("道德讲堂", 2)]
    assert compute_figure(figure("campaigns.activity_participants"), county_a, 2025).value == 125
    assert compute_figure(figure("campaigns.activity_participants"), world.regions.city, 2025).value == 1125
    assert compute_figure(figure("campaigns.campaigns"), world.regions.city, 2025).value == 1


def test_task_figures(world):
    fw = FrameworkFactory(campaign__region=world.regions.city, campaign__year=2025)
    leaves = tree(fw, {"1.1.1": "2", "1.1.2": "3"})
    t1 = task(leaves["1.1.1"], world.unit_a, [world.unit_b], deadline=dt.date(2025, 6, 30))
    task(leaves["1.1.2"], world.unit_a, deadline=dt.date(2025, 6, 30))
    evidence(t1.assignments.get(unit=world.unit_a), Evidence.Status.ACCEPTED)
    city = world.regions.city
    with time_machine.travel(dt.datetime(2025, 7, 10, tzinfo=dt.UTC)):
        assert compute_figure(figure("campaigns.unit_tasks"), city, 2025).value == 3
        assert compute_figure(figure("campaigns.tasks_met"), city, 2025).value == 1
        assert compute_figure(figure("campaigns.tasks_overdue"), city, 2025).value == 2
        assert compute_figure(figure("campaigns.points_covered"), city, 2025).value == 2
        assert compute_figure(figure("campaigns.tasks_overdue"), world.regions.county_b, 2025).value == 1


def test_due_items_for_task_evidence_and_rectifications(world):
    from campaigns.services.inspections import inspection_record

    fw = FrameworkFactory(campaign__region=world.regions.city)
    leaves = tree(fw, {"1.1.1": "2", "1.1.2": "3", "1.1.3": "1"})
    t1 = task(leaves["1.1.1"], world.unit_a, deadline=dt.date(2025, 6, 30))
    t2 = task(leaves["1.1.2"], world.unit_b, deadline=dt.date(2025, 6, 10))  # overdue, still open
    t3 = task(leaves["1.1.3"], world.unit_a, deadline=dt.date(2025, 6, 20))
    evidence(t3.assignments.get(), Evidence.Status.ACCEPTED)  # done: no reminder
    ins = inspection_record(
        campaign=None,
        date=dt.date(2025, 6, 1),
        region=world.regions.county_a,
        place="x",
        findings="x",
        items=[(world.unit_a, "问题", "", dt.date(2025, 6, 25))],
        by=world.city_staff,
    )
    rect_pk = ins.rectifications.get().pk
    items = [
        i
        for src in due_item_sources()
        for i in src(dt.date(2025, 6, 20), dt.date(2025, 6, 30))
        if i.key.startswith("campaigns.")
    ]
    by_key = {i.key: i for i in items}
    a1, a2 = t1.assignments.get(), t2.assignments.get()
    assert set(by_key) == {f"campaigns.task:{a1.pk}", f"campaigns.task:{a2.pk}", f"campaigns.rectification:{rect_pk}"}
    assert by_key[f"campaigns.task:{a1.pk}"].recipient_ids == (world.liaison_a.pk,)
    assert by_key[f"campaigns.task:{a2.pk}"].due_date == dt.date(2025, 6, 10)
    rect = [i for i in items if i.kind == "整改事项"]
    assert len(rect) == 1 and rect[0].recipient_ids == (world.liaison_a.pk,) and not rect[0].done
