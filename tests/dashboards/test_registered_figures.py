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
