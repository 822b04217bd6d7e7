"""The titles app feeds the portal to-dos, the reminder scan and the figures."""

import datetime as dt

import pytest
import time_machine

from core.registry import compute_figure, due_item_sources, figure, todos_for
from titles.models import CultivationRound, MaterialRequirement, Title
from titles.services import materials as mat_svc
from titles.services import reexam as reexam_svc

from .conftest import YEAR, make_app, pdf

pytestmark = pytest.mark.django_db


def _due(start, end):
    items = []
    for source in due_item_sources():
        if source.__module__ == "titles.reminders":
            items.extend(source(start, end))
    return {i.key: i for i in items}


def test_due_items_cover_materials_rounds_publicity_terms_and_rectification(tw):
    req = MaterialRequirement.objects.create(
        region=tw.regions.city, year=YEAR, name="总结", due_date=dt.date(YEAR, 12, 1)
    )
    rnd = CultivationRound.objects.create(region=tw.regions.city, year=YEAR, deadline=dt.date(YEAR, 11, 30))
    app = make_app(tw, state="公示中")  # publicity ends 2025-11-07
    mat_svc.material_upload(requirement=req, unit=tw.unit_b, file=pdf(), by=tw.liaison_b)
    ending = Title.objects.create(
        unit=tw.unit_a, category=tw.cat, level="县级", conferred_year=YEAR - 2, doc_number="d", term_end_year=YEAR
    )
    warned = Title.objects.create(
        unit=tw.unit_b, category=tw.cat, level="市级", conferred_year=YEAR - 1, doc_number="d", term_end_year=YEAR + 1
    )
    reexam_svc.reexamination_record(
        title=warned,
        year=YEAR,
        examined_on=dt.date(YEAR, 9, 1),
        outcome="限期整改",
        deadline=dt.date(YEAR, 11, 20),
        by=tw.city_staff,
    )
    items = _due(dt.date(YEAR, 11, 1), dt.date(YEAR, 12, 31))
    a = items[f"titles.material:{req.pk}:{tw.unit_a.pk}"]
    assert a.recipient_ids == (tw.liaison_a.pk,) and not a.done and a.due_date == dt.date(YEAR, 12, 1)
    assert items[f"titles.material:{req.pk}:{tw.unit_b.pk}"].done
    assert set(items[f"titles.cultivation:{rnd.pk}"].recipient_ids) == {tw.city_staff.pk, tw.revealer.pk}
    assert items[f"titles.publicity:{app.publicity_id}"].due_date == dt.date(YEAR, 11, 7)
    assert items[f"titles.term:{ending.pk}:{YEAR}"].due_date == dt.date(YEAR, 12, 31)
    rect = items[f"titles.rectify:{warned.pk}:{YEAR}1120"]
    assert rect.recipient_ids == (tw.liaison_b.pk,) and rect.kind == "限期整改"


def test_reviewer_and_liaison_todos(tw):
    make_app(tw, state="考评中")
    with time_machine.travel(dt.datetime(YEAR, 6, 1, 9, 0), tick=False):
        reviewer = todos_for(tw.reviewer)
        liaison = todos_for(tw.liaison_a)
    assert any(t.status == "待评分" and "梁园区教育局" in t.title for t in reviewer)
    assert any(t.category == "称号申报" and t.status == "考评中" for t in liaison)
    assert todos_for(tw.liaison_b) == [] or all("梁园区" not in t.title for t in todos_for(tw.liaison_b))


def test_figures_count_by_region_and_year(tw):
    app = make_app(tw, state="公示中")
    make_app(tw, unit=tw.unit_b, state="已提交")
    with time_machine.travel(dt.datetime(YEAR, 11, 20, 9, 0), tick=False):
        from titles.services import naming as naming_svc

        naming_svc.applications_name(applications=[app], doc_number="文号", by=tw.city_staff)
    city, county_a, county_b = tw.regions.city, tw.regions.county_a, tw.regions.county_b
    assert compute_figure(figure("titles.applications"), city, YEAR).value == 2
    assert compute_figure(figure("titles.applications"), county_b, YEAR).value == 1
    named = compute_figure(figure("titles.named"), county_a, YEAR)
    assert named.value == 1 and named.breakdown["级别"] == [("市级", 1)]
    assert compute_figure(figure("titles.named"), county_b, YEAR).value == 0
    assert compute_figure(figure("titles.holding"), city, YEAR).value == 1
    for key in (
        "titles.reexamined",
        "titles.warned",
        "titles.revoked",
        "titles.materials_submitted",
        "titles.materials_accepted",
        "titles.pairings",
        "titles.pairing_records",
        "titles.pairing_people",
    ):
        fig = figure(key)
        assert fig.definition and fig.list_columns and fig.unit_path
        compute_figure(fig, city, YEAR)


def test_application_deadline_reminds_drafts_and_returned_only(tw):
    tw.system.application_deadline = dt.date(YEAR, 10, 31)
    tw.system.save()
    draft = make_app(tw, state="草稿")
    submitted = make_app(tw, unit=tw.unit_b, state="已提交")
    items = _due(dt.date(YEAR, 10, 24), dt.date(YEAR, 10, 31))
    mine = items[f"titles.apply:{draft.pk}:{YEAR}1031"]
    assert mine.recipient_ids == (tw.liaison_a.pk,) and mine.due_date == dt.date(YEAR, 10, 31)
    assert not any(k.startswith(f"titles.apply:{submitted.pk}:") for k in items)


def test_expiring_titles_reach_the_city_office_without_a_query_per_title(tw, django_assert_max_num_queries):
    from tests.factories import UnitFactory

    def make_titles(n):
        units = [UnitFactory(region=tw.regions.county_a) for _ in range(n)]
        Title.objects.bulk_create(
            Title(unit=unit, category=tw.cat, level="县级", conferred_year=YEAR - 2, doc_number="d", term_end_year=YEAR)
            for unit in units
        )

    from titles.reminders import titles_reexam_and_expiry

    make_titles(2)
    with django_assert_max_num_queries(4):
        few = list(titles_reexam_and_expiry(dt.date(YEAR, 12, 1), dt.date(YEAR, 12, 31)))
    make_titles(20)
    with django_assert_max_num_queries(4):
        many = list(titles_reexam_and_expiry(dt.date(YEAR, 12, 1), dt.date(YEAR, 12, 31)))
    assert len(many) == len(few) + 20
    assert all(set(i.recipient_ids) == {tw.city_staff.pk, tw.revealer.pk} for i in many)
