import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import TransitionError, run_transition
from core.xlsx import Sheet, build_workbook

from ..models import Title, TitleApplication, TitleStatus
from .publicity import naming_blockers


@transaction.atomic
def applications_name(*, applications, doc_number: str, by) -> list[Title]:
    """命名 in bulk: every application must have finished publicity with no open
    objection. Creates each Title or renews the unit's existing one (history kept)."""
    doc_number = doc_number.strip()
    if not doc_number:
        raise TransitionError(_("请填写命名文件文号"))
    ids = [a.pk for a in applications]
    if not ids:
        raise TransitionError(_("请选择要命名的申报"))
    applications = list(
        TitleApplication.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("unit__region", "category", "publicity")
        .prefetch_related("objections")
        .order_by("unit__name")
    )
    problems = [f"{app.unit.name}：{'；'.join(b)}" for app in applications if (b := naming_blockers(app))]
    if problems:
        raise TransitionError(_("以下申报暂不能命名——%(p)s") % {"p": " / ".join(problems)})
    titles = []
    for app in applications:
        run_transition(app, "name", by=by, comment=doc_number)
        term = app.category.term_years
        title, _created = Title.objects.get_or_create(
            unit=app.unit,
            category=app.category,
            level=app.level,
            defaults={
                "conferred_year": app.year,
                "doc_number": doc_number,
                "term_years": term,
                "term_end_year": app.year + term - 1,
            },
        )
        title.conferred_year, title.doc_number, title.term_years = app.year, doc_number, term
        title.term_end_year = app.year + term - 1
        title.application, title.latest_score = app, app.average_score
        run_transition(title, "confer", by=by, comment=doc_number)
        titles.append(title)
    return titles


NAMING_HEADERS = [
    _("序号"),
    _("单位名称"),
    _("称号"),
    _("级别"),
    _("所属区划"),
    _("命名年度"),
    _("命名文件文号"),
    _("届满年度"),
]


def naming_rows(titles) -> list[list]:
    return [
        [n, t.unit.name, t.category.name, t.level, t.unit.region.name, t.conferred_year, t.doc_number, t.term_end_year]
        for n, t in enumerate(titles, start=1)
    ]


def naming_heading(titles) -> str:
    titles = list(titles)
    years = sorted({t.conferred_year for t in titles})
    year = f"{years[0]}" if len(years) == 1 else (f"{years[0]}—{years[-1]}" if years else "")
    return _("%(year)s年度文明称号命名名单") % {"year": year}


def naming_list_xlsx(titles) -> bytes:
    titles = list(titles)
    content = build_workbook(
        [
            Sheet(
                _("命名名单"),
                [str(h) for h in NAMING_HEADERS],
                naming_rows(titles),
                widths=[6, 36, 12, 8, 12, 10, 24, 10],
            )
        ]
    )
    return _print_landscape_one_page_wide(content)


def _print_landscape_one_page_wide(content: bytes) -> bytes:
    """For printing (naming list, completeness matrix): A4 landscape, all columns on one
    page width, the header row repeated on every page."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _east_asian(run, font: str, size_pt: float, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = font
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), font)


def naming_list_docx(titles) -> bytes:
    """A4 Word document: centred 小标宋-style title, the document numbers, then a table."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    titles = list(titles)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _east_asian(head.add_run(naming_heading(titles)), "方正小标宋简体", 22)
    docs = sorted({t.doc_number for t in titles})
    if docs:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _east_asian(sub.add_run(_("（命名文件：%(d)s）") % {"d": "、".join(docs)}), "楷体_GB2312", 14)
    columns = [_("序号"), _("单位名称"), _("称号"), _("级别"), _("所属区划")]
    widths = [Cm(1.4), Cm(7.4), Cm(3.0), Cm(1.6), Cm(2.4)]  # 15.8 cm: the A4 text width
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid widths, which LibreOffice and WPS follow
    for cell, text, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _east_asian(p.add_run(str(text)), "黑体", 12, bold=True)
    for n, t in enumerate(titles, start=1):
        values = [str(n), t.unit.name, t.category.name, t.level, t.unit.region.name]
        cells = table.add_row().cells
        for i, (cell, text, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _east_asian(p.add_run(text), "仿宋_GB2312", 12)
    foot = doc.add_paragraph()
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    today = timezone.localdate()
    _east_asian(
        foot.add_run(_("共%(n)d个 · %(d)s") % {"n": len(titles), "d": f"{today.year}年{today.month}月{today.day}日"}),
        "仿宋_GB2312",
        12,
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def title_status_label(status: str) -> str:
    return TitleStatus(status).label
