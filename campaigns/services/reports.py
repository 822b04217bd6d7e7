"""Excel exports: progress report, decomposition table (re-importable), activities."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.xlsx import Sheet, build_workbook

from ..models import AssignmentRole, Indicator, Task
from ..selectors import (
    progress_by_indicator,
    progress_by_item,
    progress_by_region,
    progress_by_unit,
    progress_totals,
)
from ..selectors.status import status_label


def print_ready(content: bytes, *, wrap_columns: dict[str, tuple[int, ...]] | None = None) -> bytes:
    """A4 landscape, fit to page width, header row repeated on every page, long text
    wrapped — so that a printed or PDF report reads like a table, not a cut strip."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    wrap, top = Alignment(wrap_text=True, vertical="top", horizontal="left"), Alignment(vertical="top")
    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
        ws.page_margins.left = ws.page_margins.right = 0.4
        columns = (wrap_columns or {}).get(ws.title, ())
        # Chinese characters are about two width units each; only rows that need more
        # than one line get a height and top alignment (styling every cell is slow).
        per_line = {c: max(4, int((ws.column_dimensions[get_column_letter(c)].width or 10) / 2)) for c in columns}
        for row in ws.iter_rows(min_row=2):
            lines = max(
                (-(-len(str(row[c - 1].value or "")) // per_line[c]) for c in columns if c <= len(row)), default=1
            )
            if lines > 1:
                ws.row_dimensions[row[0].row].height = 15 * lines
                for cell in row:
                    cell.alignment = wrap if cell.column in per_line else top
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _date(d) -> str:
    return cn_date(d)


def _num(d):
    return float(d or 0)


def progress_report_xlsx(*, campaign, assignments, today=None) -> bytes:
    """`assignments`: the scoped TaskAssignment queryset of the user asking."""
    today = today or timezone.localdate()
    by_indicator = progress_by_indicator(assignments, campaign, today)
    totals = progress_totals(by_indicator)
    items = progress_by_item(campaign.framework, by_indicator) if hasattr(campaign, "framework") else []
    units = progress_by_unit(assignments, campaign, today)
    regions = progress_by_region(assignments, campaign, today=today)
    summary = Sheet(
        _("总体情况"),
        [_("项目"), _("数值")],
        [
            [_("创建活动"), campaign.name],
            [_("统计日期"), _date(today)],
            [_("分解任务数（测评标准）"), totals.tasks],
            [_("已达标任务数"), totals.tasks_met],
            [_("任务达标率（%）"), totals.rate],
            [_("有逾期单位的任务数"), totals.tasks_overdue],
            [_("单位任务数"), totals.assignments],
            [_("单位任务已通过"), totals.assignments_met],
            [_("单位任务逾期"), totals.assignments_overdue],
            [_("任务总分值"), _num(totals.points)],
            [_("已达标分值"), _num(totals.points_covered)],
            [
                _("口径说明"),
                _(
                    "单位任务以最近一次佐证材料审核通过为达标；任务的全部责任单位均达标时该测评标准达标，其分值计入已达标分值。"
                ),
            ],
        ],
        widths=[28, 70],
    )
    item_sheet = Sheet(
        _("按测评项目"),
        [_("编号"), _("测评项目"), _("任务数"), _("已达标"), _("逾期任务"), _("达标率(%)"), _("分值"), _("已达标分值")],
        [
            [
                i["code"],
                i["text"],
                i["tasks"],
                i["tasks_met"],
                i["tasks_overdue"],
                i["rate"],
                _num(i["points"]),
                _num(i["points_covered"]),
            ]
            for i in items
        ],
        widths=[8, 40, 10, 10, 10, 12, 10, 12],
    )
    ind_sheet = Sheet(
        _("按测评标准"),
        [
            _("编号"),
            _("测评标准"),
            _("分值"),
            _("测评方法"),
            _("牵头单位"),
            _("完成时限"),
            _("责任单位数"),
            _("已通过"),
            _("待审核"),
            _("退回"),
            _("逾期"),
            _("是否达标"),
        ],
        [
            [
                r["code"],
                r["text"],
                _num(r["points"]),
                r["method"],
                r["lead"] or "",
                _date(r["task__deadline"]),
                r["total"],
                r["met"],
                r["submitted"],
                r["returned"],
                r["overdue"],
                _("是") if r["task_met"] else _("否"),
            ]
            for r in by_indicator
        ],
        widths=[9, 60, 8, 10, 26, 16, 10, 8, 8, 8, 8, 10],
        total_row=[
            _("合计"),
            "",
            _num(totals.points),
            "",
            "",
            "",
            totals.assignments,
            totals.assignments_met,
            totals.by_status.get("submitted", 0),
            totals.by_status.get("returned", 0),
            totals.assignments_overdue,
            totals.tasks_met,
        ],
    )
    unit_sheet = Sheet(
        _("按责任单位"),
        [
            _("单位"),
            _("所属区划"),
            _("任务数"),
            _("其中牵头"),
            _("已通过"),
            _("待审核"),
            _("退回"),
            _("逾期"),
            _("完成率(%)"),
            _("任务分值"),
            _("已通过分值"),
        ],
        [
            [
                u["unit__name"],
                u["unit__region__name"],
                u["total"],
                u["lead"],
                u["met"],
                u["submitted"],
                u["returned"],
                u["overdue"],
                u["rate"],
                _num(u["points"]),
                _num(u["points_met"]),
            ]
            for u in units
        ],
        widths=[32, 14, 8, 8, 8, 8, 8, 8, 10, 10, 12],
    )
    region_sheet = Sheet(
        _("按区域"),
        [
            _("区划"),
            _("单位数"),
            _("单位任务数"),
            _("已通过"),
            _("待审核"),
            _("退回"),
            _("逾期"),
            _("完成率(%)"),
            _("已通过分值"),
        ],
        [
            [
                r["name"],
                r["units"],
                r["total"],
                r["met"],
                r["submitted"],
                r["returned"],
                r["overdue"],
                r["rate"],
                _num(r["points_met"]),
            ]
            for r in regions
        ],
        widths=[16, 8, 12, 8, 8, 8, 8, 10, 12],
    )
    content = build_workbook([summary, item_sheet, ind_sheet, unit_sheet, region_sheet])
    return print_ready(content, wrap_columns={summary.title: (2,), item_sheet.title: (2,), ind_sheet.title: (2, 5)})


def decomposition_rows(*, framework, assignments, today=None):
    """Rows of the 目标任务分解表: one per task, in framework order (3 queries)."""
    from ..selectors import with_status

    indicators = {
        i.pk: i for i in Indicator.objects.filter(framework=framework).only("pk", "code", "text", "parent_id")
    }
    parts: dict[int, list] = {}
    for a in with_status(assignments.filter(task__indicator__framework=framework), today).select_related("unit"):
        parts.setdefault(a.task_id, []).append(a)
    rows = []
    for task in Task.objects.filter(pk__in=parts).select_related("indicator").order_by("indicator__sort_key"):
        ind = task.indicator
        content = indicators.get(ind.parent_id)
        item = indicators.get(content.parent_id) if content else None
        mine = sorted(parts[task.pk], key=lambda a: (a.role != AssignmentRole.LEAD, a.unit.name))
        lead = next((a.unit.name for a in mine if a.role == AssignmentRole.LEAD), "")
        co = "、".join(a.unit.name for a in mine if a.role == AssignmentRole.CO)
        status = "；".join(f"{a.unit.name}:{status_label(a.status)}" for a in mine)
        rows.append(
            [
                ind.code,
                item.text if item else "",
                content.text if content else "",
                ind.text,
                float(ind.points),
                ind.method,
                lead,
                co,
                _date(task.deadline),
                task.note,
                status,
            ]
        )
    return rows


def decomposition_xlsx(*, framework, assignments, today=None) -> bytes:
    headers = [
        _("指标编号"),
        _("测评项目"),
        _("测评内容"),
        _("测评标准"),
        _("分值"),
        _("测评方法"),
        _("牵头单位"),
        _("责任单位"),
        _("完成时限"),
        _("工作要求"),
        _("当前状态"),
    ]
    rows = decomposition_rows(framework=framework, assignments=assignments, today=today)
    sheet = Sheet(_("目标任务分解表"), headers, rows, widths=[9, 16, 20, 44, 6, 10, 22, 34, 15, 20, 36])
    return print_ready(build_workbook([sheet]), wrap_columns={sheet.title: (2, 3, 4, 7, 8, 10, 11)})


def activities_xlsx(activities) -> bytes:
    headers = [
        _("活动日期"),
        _("创建活动"),
        _("活动类型"),
        _("活动名称"),
        _("主办单位"),
        _("所属区划"),
        _("活动地点"),
        _("参与人数"),
        _("照片数"),
    ]
    rows, total = [], 0
    for a in activities:
        rows.append(
            [
                _date(a.date),
                a.campaign.name,
                a.get_kind_display(),
                a.title,
                a.unit.name,
                a.unit.region.name,
                a.place,
                a.participants,
                getattr(a, "n_photos", ""),
            ]
        )
        total += a.participants
    sheet = Sheet(
        _("活动记录"),
        headers,
        rows,
        widths=[16, 26, 12, 30, 28, 12, 26, 10, 8],
        total_row=[_("合计"), "", "", f"{len(rows)}场", "", "", "", total, ""],
    )
    return print_ready(build_workbook([sheet]), wrap_columns={sheet.title: (2, 4, 5, 7)})
