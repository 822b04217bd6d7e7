"""Dashboard figures equal hand-computed counts, from live computation and snapshots alike."""

import pytest
from django.urls import reverse

from dashboards.selectors import child_regions, dashboard_for, unit_dashboard_for
from dashboards.services import snapshots_refresh

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def _panel(board, key):
    return next(p for s in board.sections for p in s.figures if p.fig.key == key)


def _rows(panel, title):
    bd = next(b for b in panel.breakdowns if b.title == title)
    return {c.label: c.value for c in bd.rows}


def test_city_dashboard_counts_match_hand_computed(dash_world):
    city = dash_world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, dash_world.official))
    units = _panel(board, "test.units_new")
    assert units.value == 5
    assert _rows(units, "单位类型") == {"学校": 3, "党政机关": 1, "社区": 1}
    months = _rows(units, "月份")
    assert len(months) == 12 and months["3月"] == 2 and months["7月"] == 3 and months["1月"] == 0
    assert _panel(board, "test.schools_new").value == 3


def test_sub_region_comparison_and_five_year_trend(dash_world):
    r = dash_world.regions
    board = dashboard_for(r.city, YEAR, children=child_regions(r.city, dash_world.official))
    by_region = {row.region.code: [c.value for c in row.cells] for row in board.compare}
    assert [f.key for f in board.compare_figs] == ["test.units_new", "test.schools_new"]
    assert by_region[r.county_a.code] == [4, 2]
    assert by_region[r.county_b.code] == [1, 1]
    assert sum(v[0] for v in by_region.values()) == 5
    trend = {row.fig.key: [c.value for c in row.cells] for row in board.trend}
    assert board.trend_years == [YEAR - 4, YEAR - 3, YEAR - 2, YEAR - 1, YEAR]
    assert trend["test.units_new"] == [0, 0, 0, 1, 5]


def test_county_dashboard_counts_only_its_subtree(dash_world):
    r = dash_world.regions
    board = dashboard_for(r.county_a, YEAR, children=child_regions(r.county_a, dash_world.official))
    assert _panel(board, "test.units_new").value == 4
    town_row = next(row for row in board.compare if row.region == r.town_a)
    assert town_row.cells[0].value == 1


def test_unit_page_counts_through_unit_path(dash_world):
    board = unit_dashboard_for(dash_world.a_school1, YEAR)
    assert _panel(board, "test.units_new").value == 1
    assert _panel(board, "test.schools_new").value == 1
    assert _panel(unit_dashboard_for(dash_world.a_gov, YEAR), "test.schools_new").value == 0


def test_snapshots_hold_the_same_numbers_as_live(dash_world):
    r = dash_world.regions
    children = child_regions(r.city, dash_world.official)
    live = dashboard_for(r.city, YEAR, children=children)
    written = snapshots_refresh(root=r.city, years=list(range(YEAR - 4, YEAR + 1)))
    assert written > 0
    snap = dashboard_for(r.city, YEAR, children=children)
    assert not snap.live
    for key in ("test.units_new", "test.schools_new"):
        assert _panel(snap, key).value == _panel(live, key).value
        assert [(b.title, [(c.label, c.value, c.url) for c in b.rows]) for b in _panel(snap, key).breakdowns] == [
            (b.title, [(c.label, c.value, c.url) for c in b.rows]) for b in _panel(live, key).breakdowns
        ]
    assert [[c.value for c in row.cells] for row in snap.compare] == [
        [c.value for c in row.cells] for row in live.compare
    ]


def test_every_number_links_to_its_figure_list(dash_world):
    city = dash_world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, dash_world.official))
    base = reverse("dashboards:figure_list", args=["test.units_new"])
    panel = _panel(board, "test.units_new")
    assert panel.url == f"{base}?region={city.code}&year={YEAR}"
    school = next(c for c in panel.breakdowns[0].rows if c.label == "学校")
    assert school.url == f"{base}?region={city.code}&year={YEAR}&by=kind&v=%E5%AD%A6%E6%A0%A1"
    assert all(c.url.startswith("/dashboard/figures/test.") for row in board.compare for c in row.cells)
