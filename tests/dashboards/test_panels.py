"""Presentation panels built from shared figures: task completion per group, stage funnels."""

import pytest

from core import registry
from core.registry import FigureDef
from dashboards import layout
from dashboards.selectors import child_regions, dashboard_for

from .conftest import TEST_FIGURES, YEAR, units_created

pytestmark = pytest.mark.django_db


@pytest.fixture
def completion_figures(monkeypatch, test_figures):
    """total = units created, met = schools, overdue = 党政机关; grouped by county and by unit."""
    figs = [
        FigureDef("t.total", "创建活动", "任务", "项", units_created, unit_path="pk"),
        FigureDef("t.met", "创建活动", "达标", "项", lambda r, y: units_created(r, y).filter(kind="学校")),
        FigureDef("t.overdue", "创建活动", "逾期", "项", lambda r, y: units_created(r, y).filter(kind="党政机关")),
    ]
    monkeypatch.setattr(registry, "_FIGURES", {f.key: f for f in TEST_FIGURES + figs})
    group, unit = ("region__name", "测评项目"), ("name", "责任单位")
    monkeypatch.setattr(layout, "COMPLETION", (("完成情况", "t.total", "t.met", "t.overdue"),))
    monkeypatch.setattr(layout, "INDICATOR_GROUP", group)
    monkeypatch.setattr(layout, "RESPONSIBLE_UNIT", unit)
    monkeypatch.setattr(layout, "EXTRA_BREAKDOWNS", {k: (group, unit) for k in ("t.total", "t.met", "t.overdue")})
    return figs


def test_completion_panel_puts_total_met_overdue_side_by_side(dash_world, completion_figures):
    city = dash_world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, dash_world.official))
    section = next(s for s in board.sections if s.completions)
    by_group, by_unit = section.completions
    rows = {r.label: (r.total.value, r.met.value, r.overdue.value, r.rate) for r in by_group.rows}
    assert rows["梁园区"] == (3, 2, 1, "66.7%")
    assert rows["睢阳区"] == (1, 1, 0, "100.0%")
    assert sum(r.total.value for r in by_unit.rows) == 5
    chart = next(c for c in board.charts() if c["id"] == by_group.chart_id)
    assert [s["name"] for s in chart["series"]] == ["任务", "达标", "逾期"]


def test_stage_funnel_counts_records_that_reached_each_stage(dash_world, test_figures, monkeypatch):
    monkeypatch.setattr(
        layout,
        "FUNNEL_STAGES",
        {("test.units_new", "单位类型"): (("全部", None), ("学校或社区", ("学校", "社区")), ("学校", ("学校",)))},
    )
    city = dash_world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, dash_world.official))
    panel = next(p for s in board.sections for p in s.figures if p.fig.key == "test.units_new")
    funnel = next(b for b in panel.breakdowns if b.kind == "funnel")
    assert [(c.label, c.value) for c in funnel.rows] == [("全部", 5), ("学校或社区", 4), ("学校", 3)]
    assert funnel.rows[2].url.endswith("&by=kind&v=%E5%AD%A6%E6%A0%A1")


def test_long_breakdowns_keep_the_largest_groups(dash_world, test_figures, monkeypatch):
    monkeypatch.setattr(layout, "MAX_GROUPS", 2)
    city = dash_world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, dash_world.official))
    panel = next(p for s in board.sections for p in s.figures if p.fig.key == "test.units_new")
    kinds = next(b for b in panel.breakdowns if b.title == "单位类型")
    assert [(c.label, c.value) for c in kinds.rows] == [("学校", 3), ("其他", 2)]


def test_completion_sheet_in_the_export_has_numeric_rates(dash_world, completion_figures):
    import io

    import openpyxl

    from dashboards.export import dashboard_workbook

    city = dash_world.regions.city
    board = dashboard_for(city, YEAR, children=child_regions(city, dash_world.official))
    wb = openpyxl.load_workbook(io.BytesIO(dashboard_workbook(board)))
    rows = list(wb["测评任务"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "完成情况（按测评项目）") + 2
    end = next(i for i in range(start, len(rows) + 1) if i == len(rows) or rows[i][0] is None)
    table = {r[0]: r[1:5] for r in rows[start:end]}
    assert table["梁园区"] == (3, 2, 1, 66.7) and table["睢阳区"] == (1, 1, 0, 100.0)
