"""What a dashboard page shows, assembled from the figure registry (core.registry) —
from snapshots where they exist, live otherwise — into panels the templates, the charts
and the Excel export all read. Every number carries the URL of the records it counts."""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import registry
from core.registry import FigureDef, figure_url
from core.scoping import scoped
from core.yoy import yoy_mark
from units.models import Region, Unit

from . import layout
from .figuredata import (
    OTHER_VALUE,
    FigureData,
    choice_rank,
    compute_for_unit,
    compute_live,
    from_snapshot,
    group_labeler,
)
from .models import FigureSnapshot

TREND_YEARS = 5


def registry_digest() -> str:
    """Changes when the set of registered figures changes (a deploy adding figures)."""
    return hashlib.sha1(",".join(f.key for f in registry.figures()).encode()).hexdigest()[:12]


@dataclass
class Cell:
    label: str
    value: float
    url: str
    other: bool = False  # the groups beyond layout.MAX_GROUPS, summed


@dataclass
class BreakdownPanel:
    title: str
    kind: str
    chart_id: str
    rows: list[Cell]
    fig: FigureDef | None = None
    featured: bool = False

    @property
    def total(self):
        return sum(c.value for c in self.rows)


@dataclass
class FigurePanel:
    fig: FigureDef
    value: float
    url: str
    breakdowns: list[BreakdownPanel] = field(default_factory=list)
    previous: float | None = None  # last year's value (key figures), for 同比

    @property
    def change(self) -> str:
        """▲12.5% / ▼3% / 持平 / "" (core.yoy, the rule the summary uses)."""
        return yoy_mark(self.value, self.previous) if self.previous is not None else ""

    @property
    def change_class(self) -> str:
        return {"▲": "up", "▼": "down"}.get(self.change[:1], "")


@dataclass
class CompletionRow:
    label: str
    total: Cell
    met: Cell
    overdue: Cell

    @property
    def rate_percent(self) -> float | None:
        return round(self.met.value * 100 / self.total.value, 1) if self.total.value else None

    @property
    def rate(self) -> str:
        return f"{self.met.value * 100 / self.total.value:.1f}%" if self.total.value else "—"


@dataclass
class CompletionPanel:
    """Tasks, met and overdue side by side, per group (indicator item, responsible unit)."""

    title: str
    chart_id: str
    rows: list[CompletionRow]
    labels: tuple[str, str, str]

    @property
    def chart_rows(self) -> list[CompletionRow]:
        return [r for r in self.rows if not r.total.other][: layout.MAX_CHART_GROUPS]


@dataclass
class SectionPanel:
    title: str
    figures: list[FigurePanel]
    completions: list[CompletionPanel] = field(default_factory=list)

    @property
    def charts(self) -> list[BreakdownPanel]:
        return [bd for p in self.figures for bd in p.breakdowns if bd.featured]

    @property
    def more(self) -> list[BreakdownPanel]:
        return [bd for p in self.figures for bd in p.breakdowns if not bd.featured]


@dataclass
class TrendRow:
    fig: FigureDef
    cells: list[Cell]  # one per year


@dataclass
class CompareRow:
    region: Region
    url: str  # the sub-region's dashboard
    cells: list[Cell]  # one per compared figure


@dataclass
class Dashboard:
    region: Region
    year: int
    headlines: list[FigurePanel]
    sections: list[SectionPanel]
    trend_years: list[int] = field(default_factory=list)
    trend: list[TrendRow] = field(default_factory=list)
    compare_figs: list[FigureDef] = field(default_factory=list)
    compare: list[CompareRow] = field(default_factory=list)
    computed_at: dt.datetime | None = None
    live: bool = False  # some figure was computed for this request
    unit: Unit | None = None

    def charts(self) -> list[dict]:
        """Chart specs for static/dashboards/dashboard.js (ECharts)."""
        out = []
        for section in self.sections:
            for comp in section.completions:
                out.append(
                    {
                        "id": comp.chart_id,
                        "kind": "hbar" if len(comp.chart_rows) > 6 else "grouped",
                        "title": comp.title,
                        "categories": [r.label for r in comp.chart_rows],
                        "series": [
                            {"name": name, "data": [{"value": c.value, "url": c.url} for c in cells]}
                            for name, cells in zip(
                                comp.labels,
                                (
                                    [r.total for r in comp.chart_rows],
                                    [r.met for r in comp.chart_rows],
                                    [r.overdue for r in comp.chart_rows],
                                ),
                                strict=True,
                            )
                        ],
                    }
                )
            for bd in section.charts:
                out.append(
                    {
                        "id": bd.chart_id,
                        "kind": bd.kind,
                        "title": f"{bd.fig.label}（{bd.title}）",
                        "unit": bd.fig.unit,
                        "categories": [c.label for c in bd.rows],
                        "series": [{"name": bd.fig.label, "data": [{"value": c.value, "url": c.url} for c in bd.rows]}],
                    }
                )
        if self.trend:
            out.append(
                {
                    "id": "chart-trend",
                    "kind": "line",
                    "title": _("近五年趋势"),
                    "categories": [_("%(y)s年") % {"y": y} for y in self.trend_years],
                    "series": [
                        {"name": row.fig.label, "data": [{"value": c.value, "url": c.url} for c in row.cells]}
                        for row in self.trend
                    ],
                }
            )
        if self.compare:
            out.append(
                {
                    "id": "chart-compare",
                    "kind": "compare",
                    "title": _("下级区划对比"),
                    "categories": [row.region.name for row in self.compare],
                    "series": [
                        {
                            "name": fig.label,
                            "data": [{"value": row.cells[i].value, "url": row.url} for row in self.compare],
                        }
                        for i, fig in enumerate(self.compare_figs)
                    ],
                }
            )
        return out


# Building panels -------------------------------------------------------------------------------


def _sections(figs: list[FigureDef]) -> list[tuple[str, list[FigureDef]]]:
    grouped: dict[str, list[FigureDef]] = {}
    for fig in figs:
        grouped.setdefault(layout.section_of(fig), []).append(fig)
    ordered = [(str(title), grouped.pop(str(title), [])) for title, _aliases in layout.EXPECTED_SECTIONS]
    return ordered + list(grouped.items())


def _figure_panel(data: FigureData, region_code: str, year: int, *, unit_id=None, prefix="chart") -> FigurePanel:
    fig = data.fig
    panel = FigurePanel(fig, data.value, figure_url(fig.key, region_code, year, unit_id=unit_id))
    paths = {str(label): path for path, label in layout.breakdowns_of(fig)}
    # Follow the figure's own breakdown order: PostgreSQL's jsonb does not keep key order.
    order = {label: i for i, label in enumerate(paths)}
    items = sorted(data.breakdowns.items(), key=lambda kv: order.get(kv[0], len(order)))
    for idx, (label, rows) in enumerate(items):
        path = paths.get(label)
        if path is None:  # a snapshot from before the figure changed its breakdowns
            continue
        if path.endswith("__month"):
            by_month = {int(k): v for k, v in rows if k is not None}
            rows = [(m, by_month.get(m, 0)) for m in range(1, 13)]
        name = group_labeler(fig, path)
        kind = layout.chart_kind(fig.key, path, label, len(rows))
        if kind == "funnel":
            rows = sorted(rows, key=lambda r: choice_rank(fig, path, r[0]))
        cells = [
            Cell(
                name(k),
                v,
                figure_url(fig.key, region_code, year, unit_id=unit_id)
                if k == OTHER_VALUE
                else figure_url(fig.key, region_code, year, by=path, value=k, unit_id=unit_id),
                other=k == OTHER_VALUE,
            )
            for k, v in rows
        ]
        if kind == "hbar":
            cells = sorted(cells, key=lambda c: (c.other, -c.value))
        chart_id = f"{prefix}-{fig.key.replace('.', '-')}-{idx}"
        stages = layout.FUNNEL_STAGES.get((fig.key, label))
        if stages:
            funnel = _funnel_cells(
                stages,
                rows,
                panel.url,
                lambda k, path=path: figure_url(fig.key, region_code, year, by=path, value=k, unit_id=unit_id),
            )
            panel.breakdowns.append(
                BreakdownPanel(_("%(l)s漏斗") % {"l": label}, "funnel", chart_id + "-funnel", funnel, fig, True)
            )
        featured = (fig.key, label) in layout.FEATURED and not stages
        panel.breakdowns.append(BreakdownPanel(label, kind, chart_id, cells, fig, featured))
    return panel


def _funnel_cells(stages, rows, all_url: str, group_url) -> list[Cell]:
    """Records that reached each stage (a status breakdown summed by stage)."""
    cells = []
    for stage_label, statuses in stages:
        value = sum(v for k, v in rows if statuses is None or k in statuses)
        url = group_url(statuses[0]) if statuses and len(statuses) == 1 else all_url
        cells.append(Cell(str(stage_label), value, url))
    return cells


def _feature_defaults(section: SectionPanel) -> None:
    """A section none of whose breakdowns is named in layout.FEATURED still gets charts."""
    if section.charts or section.completions:
        return
    for panel in [p for p in section.figures if p.breakdowns][:2]:
        panel.breakdowns[0].featured = True


def _completions(panels: dict[str, FigurePanel], prefix: str) -> dict[str, list[CompletionPanel]]:
    """Completion panels (tasks, met, overdue per group), by the section of their total figure."""
    out: dict[str, list[CompletionPanel]] = {}
    for title, total_key, met_key, overdue_key in layout.COMPLETION:
        if not all(k in panels for k in (total_key, met_key, overdue_key)):
            continue
        total, met, overdue = panels[total_key], panels[met_key], panels[overdue_key]
        section = layout.section_of(total.fig)
        groups = (layout.INDICATOR_GROUP,) if prefix == "unit" else (layout.INDICATOR_GROUP, layout.RESPONSIBLE_UNIT)
        if prefix == "unit":  # no chart "by responsible unit" on the unit's own page
            for p in (total, met, overdue):
                for bd in p.breakdowns:
                    if bd.title == layout.RESPONSIBLE_UNIT[1]:
                        bd.featured = False
        for _path, group_label in groups:  # a unit page has one responsible unit: itself
            by_label = [_cells_of(p, group_label) for p in (total, met, overdue)]
            t, m, o = by_label
            if not t:
                continue
            for p in (total, met, overdue):
                for bd in p.breakdowns:
                    if bd.title == group_label:
                        bd.featured = False
            rows = [
                CompletionRow(
                    label,
                    t[label],
                    m.get(label, Cell(label, 0, t[label].url)),
                    o.get(label, Cell(label, 0, t[label].url)),
                )
                # largest first, the groups summed as "其他" last
                for label in sorted(t, key=lambda k: (t[k].other, -t[k].value))
            ]
            n = len(out.get(section, []))
            out.setdefault(section, []).append(
                CompletionPanel(
                    f"{title}（{_('按%(g)s') % {'g': group_label}}）",
                    f"{prefix}-completion-{n}",
                    rows,
                    (total.fig.label, met.fig.label, overdue.fig.label),
                )
            )
    return out


def _cells_of(panel: FigurePanel, group_label: str) -> dict[str, Cell]:
    bd = next((b for b in panel.breakdowns if b.title == group_label), None)
    return {c.label: c for c in bd.rows} if bd else {}


def _section_panels(sections, panels: dict[str, FigurePanel], prefix: str) -> list[SectionPanel]:
    completions = _completions(panels, prefix)
    out = []
    for title, figs in sections:
        section = SectionPanel(title, [panels[f.key] for f in figs], completions.get(title, []))
        _feature_defaults(section)
        out.append(section)
    return out


def _headlines(panels: dict[str, FigurePanel], sections) -> list[FigurePanel]:
    out = [panels[k] for k in layout.HEADLINE_KEYS if k in panels]
    for _title, figs in sections:
        if figs and panels[figs[0].key] not in out:
            out.append(panels[figs[0].key])
    return out[: layout.MAX_HEADLINES]


def dashboard_for(region: Region, year: int, *, children: list[Region]) -> Dashboard:
    """The dashboard of `region` (with its subtree) for `year`. Reads one batch of
    snapshots; computes live only the figures that have none (query count depends on
    the number of registered figures, never on the number of records)."""
    figs = registry.figures()
    years = list(range(year - TREND_YEARS + 1, year + 1))
    snaps = {(s.year, s.key): s for s in FigureSnapshot.objects.filter(region=region, year__in=years)}
    datas: dict[str, FigureData] = {}
    for fig in figs:
        snap = snaps.get((year, fig.key))
        datas[fig.key] = from_snapshot(fig, snap) if snap else compute_live(fig, region, year, children=children)
    panels = {key: _figure_panel(d, region.code, year) for key, d in datas.items()}
    sections = _sections(figs)
    board = Dashboard(
        region=region,
        year=year,
        headlines=_headlines(panels, sections),
        sections=_section_panels(sections, panels, "chart"),
    )
    board.live = any(d.live for d in datas.values())
    for panel in board.headlines:  # 同比 of the key figures: last year's snapshot, else live
        snap = snaps.get((year - 1, panel.fig.key))
        if snap is None:
            board.live = True
        panel.previous = _num(
            snap.value if snap else registry.compute_figure(panel.fig, region, year - 1, with_breakdowns=False).value
        )
    stamps = [d.computed_at for d in datas.values() if d.computed_at]
    board.computed_at = min(stamps) if stamps else timezone.now()

    trend_keys = [k for k in layout.TREND_KEYS if k in datas]
    trend_keys += [p.fig.key for p in board.headlines if p.fig.key not in trend_keys]
    board.trend_years = years
    for key in trend_keys[: layout.MAX_TREND]:
        fig = datas[key].fig
        cells = []
        for y in years:
            if y == year:
                value = datas[key].value
            elif (y, key) in snaps:
                value = snaps[(y, key)].value
            else:
                value = registry.compute_figure(fig, region, y, with_breakdowns=False).value
                board.live = True
            cells.append(Cell(_("%(y)s年") % {"y": y}, _num(value), figure_url(key, region.code, y)))
        board.trend.append(TrendRow(fig, cells))

    compare_keys = [k for k in layout.COMPARE_KEYS if k in datas]
    compare_keys += [p.fig.key for p in board.headlines if p.fig.key not in compare_keys]
    compare_keys = [k for k in compare_keys if datas[k].by_child or not datas[k].live][: layout.MAX_COMPARE]
    if children and compare_keys:
        board.compare_figs = [datas[k].fig for k in compare_keys]
        for child in children:
            cells = [
                Cell(datas[k].fig.label, _num(datas[k].by_child.get(child.code, 0)), figure_url(k, child.code, year))
                for k in compare_keys
            ]
            url = reverse("dashboards:region", args=[child.code]) + f"?year={year}"
            board.compare.append(CompareRow(child, url, cells))
    return board


def unit_dashboard_for(unit: Unit, year: int) -> Dashboard:
    """A unit's page: every figure that hangs off units (FigureDef.unit_path), for the unit."""
    datas = {}
    figs = [f for f in registry.figures() if f.unit_path]
    for fig in figs:
        data = compute_for_unit(fig, unit, year)
        if data is not None:
            datas[fig.key] = data
    panels = {key: _figure_panel(d, unit.region.code, year, unit_id=unit.pk, prefix="unit") for key, d in datas.items()}
    sections = [(title, [f for f in fs if f.key in panels]) for title, fs in _sections(figs)]
    return Dashboard(
        region=unit.region,
        year=year,
        headlines=[],
        sections=_section_panels(sections, panels, "unit"),
        computed_at=timezone.now(),
        live=True,
        unit=unit,
    )


def _num(value):
    from .figuredata import as_number

    return as_number(value)


# Reads for the views ---------------------------------------------------------------------------


def child_regions(region: Region, user) -> list[Region]:
    return list(scoped(Region.objects.filter(parent=region), user).order_by("code"))


def breadcrumb(region: Region, user) -> list[Region]:
    """The visible ancestors of `region` and the region itself, top first."""
    prefixes = region.ancestor_codes(include_self=False)
    return list(scoped(Region.objects.filter(code__in=prefixes), user).order_by("code")) + [region]


def units_at(region: Region, user, limit: int = 300) -> list[Unit]:
    rows = scoped(Unit.objects.filter(region=region, is_active=True), user).order_by("name")
    return list(rows.only("pk", "name", "kind", "industry")[:limit])
