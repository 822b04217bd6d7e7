"""A dashboard as an Excel workbook: one sheet per panel, the same numbers as the page."""

import re

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.xlsx import Sheet, build_workbook

from .selectors import Dashboard

_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")


def _title(text: str, used: set[str]) -> str:
    base = _BAD_TITLE_CHARS.sub("", str(text))[:28] or _("表")
    title, n = base, 2
    while title in used:
        title = f"{base[:26]}{n}"
        n += 1
    used.add(title)
    return title


MAX_SHEETS = 12
FIGURE_HEADERS = [_("指标"), _("分组"), _("数值"), _("上年"), _("同比"), _("单位"), _("口径")]
FIGURE_WIDTHS = [30, 30, 12, 12, 10, 8, 60]


class _Blocks:
    """Tables stacked on one sheet: a bold title row and a bold header row per block."""

    def __init__(self):
        self.rows: list[list] = []
        self.bold: list[int] = []

    def block(self, title: str, headers: list, rows: list[list]) -> None:
        if self.rows:
            self.rows.append([])
        self.bold += [len(self.rows), len(self.rows) + 1]
        self.rows += [[title], headers, *rows]


def _section_sheet(section, used: set[str]) -> Sheet:
    """One panel group: its figures (with 同比 where known), completion tables and every
    breakdown, one block after the other; printed A4 landscape one page wide."""
    rows = [
        [p.fig.label, _("合计"), p.value, p.previous, p.change, p.fig.unit, p.fig.definition] for p in section.figures
    ]
    blocks = _Blocks()
    for comp in section.completions:
        blocks.block(
            comp.title,
            [_("分组"), *comp.labels, _("完成率（%）")],
            [[r.label, r.total.value, r.met.value, r.overdue.value, r.rate_percent] for r in comp.rows],
        )
    for panel in section.figures:
        for bd in panel.breakdowns:
            body = [[c.label, c.value] for c in bd.rows]
            if bd.kind != "funnel":
                body.append([_("合计"), sum(c.value for c in bd.rows)])
            blocks.block(f"{panel.fig.label}（{bd.title}）", [bd.title, f"{panel.fig.label}（{panel.fig.unit}）"], body)
    gap = [[]] if blocks.rows else []
    offset = len(rows) + len(gap)
    return Sheet(
        _title(section.title, used),
        FIGURE_HEADERS,
        rows + gap + blocks.rows,
        widths=FIGURE_WIDTHS,
        bold_rows=tuple(offset + i for i in blocks.bold),
    )


def dashboard_workbook(board: Dashboard) -> bytes:
    """说明, 关键指标 (with 同比), one sheet per panel group (section), 近五年趋势 and
    下级区划对比: at most MAX_SHEETS sheets, each printable on A4."""
    used: set[str] = set()
    place = board.unit.name if board.unit else str(board.region)
    stamp = timezone.localtime(board.computed_at).strftime("%Y-%m-%d %H:%M") if board.computed_at else ""
    sheets = [
        Sheet(
            _title(_("说明"), used),
            [_("项目"), _("内容")],
            [[_("区划/单位"), place], [_("年度"), board.year], [_("数据更新于"), stamp]],
            widths=[16, 40],
        ),
        Sheet(
            _title(_("关键指标"), used),
            [_("板块"), _("指标"), _("数值"), _("上年"), _("同比"), _("单位"), _("口径")],
            [
                [
                    section.title,
                    p.fig.label,
                    p.value,
                    "" if p.previous is None else p.previous,
                    p.change,
                    p.fig.unit,
                    p.fig.definition,
                ]
                for section in board.sections
                for p in section.figures
            ],
            widths=[14, 30, 12, 12, 10, 8, 60],
        ),
    ]
    tail = []
    if board.trend:
        tail.append(
            Sheet(
                _title(_("近五年趋势"), used),
                [_("指标")] + [_("%(y)s年") % {"y": y} for y in board.trend_years],
                [[row.fig.label] + [c.value for c in row.cells] for row in board.trend],
                widths=[30] + [12] * len(board.trend_years),
            )
        )
    if board.compare:
        tail.append(
            Sheet(
                _title(_("下级区划对比"), used),
                [_("区划")] + [f"{f.label}（{f.unit}）" for f in board.compare_figs],
                [[row.region.name] + [c.value for c in row.cells] for row in board.compare],
                widths=[20] + [16] * len(board.compare_figs),
            )
        )
    sections = [s for s in board.sections if s.figures]
    room = MAX_SHEETS - len(sheets) - len(tail)
    if len(sections) > room:  # more groups than sheets: the last sheet takes the rest
        merged = sections[room - 1 :]
        sections = sections[: room - 1] + [
            type(merged[0])(
                _("其他"),
                [p for s in merged for p in s.figures],
                [c for s in merged for c in s.completions],
            )
        ]
    sheets += [_section_sheet(section, used) for section in sections] + tail
    for sheet in sheets:  # figure labels may be lazy translations; openpyxl wants plain values
        sheet.headers = [_plain(v) for v in sheet.headers]
        sheet.rows = [[_plain(v) for v in row] for row in sheet.rows]
    return build_workbook(sheets, wrap_wide=True)


def _plain(value):
    return str(value) if isinstance(value, Promise) else value
