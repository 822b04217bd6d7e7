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


def dashboard_workbook(board: Dashboard) -> bytes:
    used: set[str] = set()
    sheets = []
    place = board.unit.name if board.unit else str(board.region)
    stamp = timezone.localtime(board.computed_at).strftime("%Y-%m-%d %H:%M") if board.computed_at else ""
    sheets.append(
        Sheet(
            _title(_("说明"), used),
            [_("项目"), _("内容")],
            [[_("区划/单位"), place], [_("年度"), board.year], [_("数据更新于"), stamp]],
            widths=[16, 40],
        )
    )
    sheets.append(
        Sheet(
            _title(_("关键指标"), used),
            [_("板块"), _("指标"), _("数值"), _("单位"), _("口径")],
            [
                [section.title, p.fig.label, p.value, p.fig.unit, p.fig.definition]
                for section in board.sections
                for p in section.figures
            ],
            widths=[14, 30, 12, 8, 60],
        )
    )
    for section in board.sections:
        for comp in section.completions:
            sheets.append(
                Sheet(
                    _title(comp.title, used),
                    [_("分组"), *comp.labels, _("完成率（%）")],
                    [[r.label, r.total.value, r.met.value, r.overdue.value, r.rate_percent] for r in comp.rows],
                    widths=[30, 18, 18, 18, 14],
                )
            )
        for panel in section.figures:
            for bd in panel.breakdowns:
                rows = [[c.label, c.value] for c in bd.rows]
                sheets.append(
                    Sheet(
                        _title(f"{panel.fig.label}-{bd.title}", used),
                        [bd.title, f"{panel.fig.label}（{panel.fig.unit}）"],
                        rows,
                        widths=[30, 20],
                        total_row=[_("合计"), sum(c.value for c in bd.rows)] if bd.kind != "funnel" else None,
                    )
                )
    if board.trend:
        sheets.append(
            Sheet(
                _title(_("近五年趋势"), used),
                [_("指标")] + [_("%(y)s年") % {"y": y} for y in board.trend_years],
                [[row.fig.label] + [c.value for c in row.cells] for row in board.trend],
                widths=[30] + [12] * len(board.trend_years),
            )
        )
    if board.compare:
        sheets.append(
            Sheet(
                _title(_("下级区划对比"), used),
                [_("区划")] + [f"{f.label}（{f.unit}）" for f in board.compare_figs],
                [[row.region.name] + [c.value for c in row.cells] for row in board.compare],
                widths=[20] + [16] * len(board.compare_figs),
            )
        )
    for sheet in sheets:  # figure labels may be lazy translations; openpyxl wants plain values
        sheet.headers = [_plain(v) for v in sheet.headers]
        sheet.rows = [[_plain(v) for v in row] for row in sheet.rows]
    return build_workbook(sheets)


def _plain(value):
    return str(value) if isinstance(value, Promise) else value
