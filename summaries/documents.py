"""Word (GB/T 9704 layout) and Excel files of a summary.

Word: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title 方正小标宋简体
22 pt centred; body 仿宋_GB2312 16 pt, fixed 28 pt line spacing, first line indented two
characters; first-level headings "一、" in 黑体, second-level "（一）" in 楷体_GB2312; page
numbers "— 1 —" in 宋体 14 pt, odd pages right, even pages left; the office and date at
the end. Fonts are named with their East-Asian slot (w:eastAsia) so Word picks the
Chinese face; LibreOffice substitutes an installed CJK font when one is missing.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.xlsx import Sheet, build_workbook

from .gather import sections_of
from .text import Report, fmt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_PT = 16
LINE_PT = 28


def _fonts(run_or_style, east_asia: str, size: float | None = None, *, bold: bool | None = None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT if east_asia == BODY_FONT else east_asia
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _fixed_spacing(paragraph_format, line_pt: float = LINE_PT, *, indent_chars: int = 2) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(line_pt)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.first_line_indent = Pt(BODY_PT * indent_chars) if indent_chars else Pt(0)


def _paragraph(doc, text: str, font: str = BODY_FONT, *, size=BODY_PT, align=None, indent_chars=2, line_pt=LINE_PT):
    p = doc.add_paragraph()
    _fixed_spacing(p.paragraph_format, line_pt, indent_chars=indent_chars)
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    _fonts(run, font, size)
    return p


def _page_number(paragraph) -> None:
    def add_field_char(kind):
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        _fonts(run, PAGE_NUMBER_FONT, 14)

    dash = paragraph.add_run("— ")
    _fonts(dash, PAGE_NUMBER_FONT, 14)
    add_field_char("begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    _fonts(instr_run, PAGE_NUMBER_FONT, 14)
    add_field_char("separate")
    shown = paragraph.add_run("1")
    _fonts(shown, PAGE_NUMBER_FONT, 14)
    add_field_char("end")
    tail = paragraph.add_run(" —")
    _fonts(tail, PAGE_NUMBER_FONT, 14)


def _setup_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_PT)
    _fixed_spacing(normal.paragraph_format)
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
        # one character from the edge (GB/T 9704 7.5)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        _page_number(p)


def _figure_table(doc, snapshot: list[dict]) -> None:
    rows = [(title, fig) for title, figs in sections_of(snapshot) for fig in figs]
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Mm(14), Mm(30), Mm(70), Mm(24), Mm(16)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS lay out by
    for cell, text, width in zip(table.rows[0].cells, ("序号", "类别", "指标", "数值", "单位"), widths, strict=True):
        cell.width = width
        _cell_text(cell, text, HEADING1_FONT)
    repeat = OxmlElement("w:tblHeader")  # the header row is repeated on every page the table runs onto
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for idx, (title, fig) in enumerate(rows, start=1):
        cells = table.add_row().cells
        values = (str(idx), title, fig["label"], fmt(fig["value"]), fig["unit"])
        for cell, text, width in zip(cells, values, widths, strict=True):
            cell.width = width
            _cell_text(cell, text, BODY_FONT)


def _cell_text(cell, text: str, font: str) -> None:
    p = cell.paragraphs[0]
    _fixed_spacing(p.paragraph_format, 20, indent_chars=0)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(p.add_run(text), font, 12)


def build_docx(report: Report, snapshot: list[dict]) -> bytes:
    doc = Document()
    _setup_page(doc)
    _paragraph(doc, report.title, TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0, line_pt=36)
    _paragraph(doc, "", indent_chars=0)
    _paragraph(doc, report.intro)
    for part in report.parts:
        _paragraph(doc, part.heading, HEADING1_FONT)
        for text in part.paragraphs:
            _paragraph(doc, text)
        for sub in part.subs:
            _paragraph(doc, sub.heading, HEADING2_FONT)
            for text in sub.paragraphs:
                _paragraph(doc, text)
    _paragraph(doc, "", indent_chars=0)
    _paragraph(
        doc, report.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0
    ).paragraph_format.right_indent = Pt(BODY_PT * 2)
    _paragraph(doc, report.date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0).paragraph_format.right_indent = Pt(
        BODY_PT * 4
    )
    if snapshot:
        doc.add_page_break()
        _paragraph(doc, "附表", HEADING1_FONT, indent_chars=0)
        _paragraph(
            doc, "主要数据统计表", TITLE_FONT, size=18, align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0, line_pt=32
        )
        _figure_table(doc, snapshot)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def build_xlsx(report: Report, snapshot: list[dict], next_year: dict) -> bytes:
    sheets = [
        Sheet(
            title="说明",
            headers=["项目", "内容"],
            rows=[["标题", report.title], ["说明", report.intro], ["落款", report.signature], ["日期", report.date]],
            widths=[12, 100],
        )
    ]
    for title, figs in sections_of(snapshot):
        rows = []
        for idx, fig in enumerate(figs, start=1):
            rows.append([idx, fig["label"], "合计", fig["value"], fig["unit"], fig["definition"], fig["key"]])
            for breakdown in fig["breakdowns"]:
                for name, value, *_link in breakdown["rows"]:
                    rows.append(["", fig["label"], f"{breakdown['label']}：{name}", value, fig["unit"], "", fig["key"]])
        sheets.append(
            Sheet(
                title=title,
                headers=["序号", "指标", "分组", "数值", "单位", "统计口径", "指标代码"],
                rows=rows or [["", "本年度暂无数据", "", "", "", "", ""]],
                widths=[6, 30, 36, 12, 8, 60, 24],
                total_row=["合计", f"{len(figs)}项指标", "", "", "", "", ""],
            )
        )
    if next_year:
        nxt = next_year["year"]
        kinds = [[k, n] for k, n in next_year["by_kind"]]
        sheets.append(
            Sheet(
                title=f"{nxt}年到期事项",
                headers=["事项类型", "到期数量（项）", "其中结转未办结（项）"],
                rows=[[k, n, dict(next_year["carried"]).get(k, 0)] for k, n in kinds]
                + [[k, 0, n] for k, n in next_year["carried"] if k not in dict(next_year["by_kind"])],
                widths=[24, 18, 22],
                total_row=["合计", next_year["total"], next_year["carried_total"]],
            )
        )
        sheets.append(
            Sheet(
                title=f"{nxt}年到期明细",
                headers=["截止日期", "事项类型", "事项"],
                rows=[[d, k, t] for d, k, t in next_year["items"]],
                widths=[14, 18, 70],
                total_row=["合计", f"{len(next_year['items'])}项", ""],
            )
        )
    return _printable(build_workbook(sheets))


def _printable(content: bytes) -> bytes:
    """Landscape A4, one page wide, long text wrapped: the tables print as tables."""
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment

    wb = load_workbook(io.BytesIO(content))
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_title_rows = "1:1"
        wide = [c.column_letter for c in ws[1] if (ws.column_dimensions[c.column_letter].width or 0) >= 40]
        for letter in wide:
            for cell in ws[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
