"""The figures the domain apps register (titles, campaigns, volunteers, exemplars, units)
render on the dashboards with the same numbers the annual summary computes
(core.registry.compute_figure), and every extra grouping the dashboards add resolves."""

import pytest

from core import registry
from dashboards import layout
from dashboards.selectors import child_regions, dashboard_for, unit_dashboard_for
from dashboards.services import snapshots_refresh

pytestmark = pytest.mark.django_db
YEAR = 2026


def test_every_registered_figure_appears_with_the_summary_value(world):
    figs = registry.figures()
    assert figs, "the domain apps register figures in their AppConfig.ready()"
    city = world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, world.official))
    shown = {p.fig.key: p.value for s in board.sections for p in s.figures}
    assert set(shown) == {f.key for f in figs}
    for fig in figs:
        assert shown[fig.key] == registry.compute_figure(fig, city, YEAR).value
    for key, extra in layout.EXTRA_BREAKDOWNS.items():
        if key in shown:
            panel = next(p for s in board.sections for p in s.figures if p.fig.key == key)
            assert {label for _path, label in extra} <= {b.title for b in panel.breakdowns}


def test_snapshot_refresh_and_unit_page_work_for_registered_figures(world):
    assert snapshots_refresh(root=world.regions.county_a, years=[YEAR]) == len(registry.figures())
    board = unit_dashboard_for(world.unit_a, YEAR)
    assert {p.fig.key for s in board.sections for p in s.figures} == {f.key for f in registry.figures() if f.unit_path}


def _volunteers(world):
    """Four volunteers registered in YEAR: three in county_a (stars 0, 2, 2), one in county_b (star 1)."""
    import datetime as dt

    from django.utils import timezone

    from tests.volunteers.factories import TeamFactory, VolunteerFactory

    r = world.regions
    when = timezone.make_aware(dt.datetime(YEAR, 4, 10, 9, 0))
    team_a, team_b = TeamFactory(region=r.county_a), TeamFactory(region=r.county_b)
    for team, star in ((team_a, 0), (team_a, 2), (team_a, 2), (team_b, 1)):
        VolunteerFactory(team=team, star=star, registered_at=when)


def test_dashboard_and_annual_summary_show_the_same_figures(world, django_capture_on_commit_callbacks):
    """Shared definitions: the dashboard (live and from snapshots) and the annual summary's
    gather step give every figure, and every sub-region's share, the same value."""
    from summaries.gather import gather_figures

    _volunteers(world)
    r = world.regions
    summary = {f["key"]: f for f in gather_figures(r.city, YEAR)}
    assert summary["volunteers.registered_new"]["value"] == 4  # hand-computed
    by_county = {
        row[0]: row[1]
        for b in summary["volunteers.registered_new"]["breakdowns"]
        if b["label"] == "下级区划"
        for row in b["rows"]
    }
    assert by_county == {"梁园区": 3, "睢阳区": 1}
    children = child_regions(r.city, world.official)
    live = dashboard_for(r.city, YEAR, children=children)
    with django_capture_on_commit_callbacks(execute=True):
        snapshots_refresh(root=r.city, years=list(range(YEAR - 4, YEAR + 1)))
    snap = dashboard_for(r.city, YEAR, children=children)
    assert not snap.live
    for board in (live, snap):
        shown = {p.fig.key: p.value for s in board.sections for p in s.figures}
        assert shown == {key: f["value"] for key, f in summary.items()}
        compare = {
            row.region.name: {f.key: c.value for f, c in zip(board.compare_figs, row.cells, strict=True)}
            for row in board.compare
        }
        assert compare["梁园区"]["volunteers.registered_new"] == 3
        assert compare["睢阳区"]["volunteers.registered_new"] == 1


def test_sections_follow_the_summary_and_star_levels_read_as_stars(world):
    _volunteers(world)
    city = world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, world.official))
    where = {p.fig.key: s.title for s in board.sections for p in s.figures}
    assert where["campaigns.activities"] == "活动开展" and where["campaigns.campaigns"] == "活动开展"
    assert where["campaigns.tasks_met"] == "测评任务"
    assert where["titles.materials_submitted"] == "年度材料" and where["titles.holding"] == "文明称号"
    starred = next(p for s in board.sections for p in s.figures if p.fig.key == "volunteers.starred")
    stars = {c.label: c.value for b in starred.breakdowns if b.title == "星级" for c in b.rows}
    assert stars == {"1星": 1, "2星": 2}
