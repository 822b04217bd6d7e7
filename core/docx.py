"""The one writer of official documents (党政机关公文格式, GB/T 9704-2012).

Every Word file the system issues — the annual summary, naming lists and the 命名决定,
commendation lists, certificates, 征求意见函, 通报, recommendation lists — is built here;
no other module sets Word fonts or page setup (a test reads the code to keep it so).

The layout, by the standard's clause:
- page: A4; 天头 (top) 37 mm, 订口 (left) 28 mm, so the 版心 is 156 × 225 mm (right 26 mm,
  bottom 35 mm) (5.2.1, 5.2.2).
- 标题: 2号 (22 pt) 小标宋, centred (7.3.3); 主送机关 and 正文: 3号 (16 pt) 仿宋_GB2312,
  fixed 28 pt lines (22 lines a page), first line indented two characters (7.3.4, 5.2.2).
- headings: 一级 "一、" 黑体, 二级 "（一）" 楷体, 三级 "1." 仿宋 bold, 四级 "（1）" 仿宋 (7.3.3).
- 附件说明: one empty line under the body, indented two characters, "附件：1. …" (7.3.5).
- 落款: the office centred over the date, the date right-indented four characters, in
  Arabic numerals (7.3.5.1); the last body paragraph, the 附件说明 and the 落款 are kept
  on one page (keep with next).
- 页码: 4号 (14 pt) Arabic numerals between 一字线 "— 1 —", odd pages at the right,
  even pages at the left, one character from the edge (7.5).
- 版头 (optional): 发文机关标志 in red 小标宋, 发文字号 "〔2026〕12号" centred, a red rule (7.2).
- tables: the header row repeats on every page the table runs onto; rows do not split.

Fonts are named in their East-Asian slot (w:eastAsia, hint eastAsia) with Times New
Roman for Latin letters and digits, so Word, WPS and LibreOffice choose the Chinese face.
The font table names a fallback (w:altName: 仿宋, 楷体, 宋体) for machines without the
_GB2312 faces; LibreOffice substitutes an installed CJK font (see README, 字体).
"""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI = "黑体"
KAI = "楷体_GB2312"
SONG = "宋体"
LATIN = "Times New Roman"
# Fallback names written into the font table (Word and WPS use them when the face is missing).
ALT_NAMES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", KAI: "楷体", HEI: "SimHei", SONG: "SimSun"}

SIZE_2 = 22  # 二号
SIZE_3 = 16  # 三号
SIZE_4 = 14  # 四号
SIZE_SMALL_4 = 12  # 小四
LINE = 28  # fixed line spacing of the body
RED = RGBColor(0xC0, 0x00, 0x00)

LEFT, CENTER, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
TEXT_WIDTH_MM = 156  # the 版心 width, portrait
TEXT_WIDTH_LANDSCAPE_MM = 225


def text_width(text: str) -> float:
    """Width in characters of the body font: Chinese one, Arabic digits and Latin half."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


@dataclass(frozen=True)
class Letterhead:
    """版头: 发文机关标志 (e.g. "商丘市精神文明建设委员会办公室文件") and 发文字号."""

    office_mark: str
    doc_number: str = ""


def set_fonts(run, east_asia: str, size: float, *, bold: bool | None = None, color: RGBColor | None = None):
    font = run.font
    font.name = LATIN
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    element = run.element if hasattr(run, "element") else run._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), LATIN)
    rfonts.set(qn("w:hAnsi"), LATIN)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _spacing(fmt, line_pt: float, indent_chars: float, size: float) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(size * indent_chars)


class OfficialDocument:
    """One document: add parts in reading order, then `to_bytes()`."""

    def __init__(self, *, landscape: bool = False, page_numbers: bool = True, letterhead: Letterhead | None = None):
        self.doc = Document()
        self.landscape = landscape
        self._page_setup(page_numbers)
        self._font_table()
        self.last_body = None  # the last paragraph of the body, kept with the 落款
        if letterhead:
            self._letterhead(letterhead)

    # page ---------------------------------------------------------------------------------

    def _page_setup(self, page_numbers: bool) -> None:
        section = self.doc.sections[0]
        if self.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
            section.top_margin, section.bottom_margin = Mm(28), Mm(26)
            section.left_margin, section.right_margin = Mm(37), Mm(35)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin, section.bottom_margin = Mm(37), Mm(35)
            section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(20)
        normal = self.doc.styles["Normal"]
        set_fonts(normal, BODY_FONT, SIZE_3)
        _spacing(normal.paragraph_format, LINE, 0, SIZE_3)
        table_style = self.doc.styles["Table Grid"]
        set_fonts(table_style, BODY_FONT, SIZE_SMALL_4)
        if not page_numbers:
            return
        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, align in ((section.footer, RIGHT), (section.even_page_footer, LEFT)):
            p = footer.paragraphs[0]
            p.alignment = align
            p.paragraph_format.first_line_indent = Pt(0)
            if align == RIGHT:
                p.paragraph_format.right_indent = Pt(SIZE_4)  # one character from the edge
            else:
                p.paragraph_format.left_indent = Pt(SIZE_4)
            self._page_number(p)

    def _page_number(self, paragraph) -> None:
        def run(text="", field=None, instr=None):
            r = paragraph.add_run(text)
            if field:
                char = OxmlElement("w:fldChar")
                char.set(qn("w:fldCharType"), field)
                r._r.append(char)
            if instr:
                node = OxmlElement("w:instrText")
                node.set(qn("xml:space"), "preserve")
                node.text = instr
                r._r.append(node)
            set_fonts(r, SONG, SIZE_4)

        run("— ")
        run(field="begin")
        run(instr=" PAGE ")
        run(field="separate")
        run("1")
        run(field="end")
        run(" —")

    def _font_table(self) -> None:
        """Name each Chinese face with a fallback and the GB2312 charset in the font table."""
        from lxml import etree

        part = next(r.target_part for r in self.doc.part.rels.values() if r.reltype.endswith("/fontTable"))
        root = etree.fromstring(part.blob)
        have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for name, alt in ALT_NAMES.items():
            if name in have:
                continue
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
            etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
            etree.SubElement(font, qn("w:family")).set(qn("w:val"), "modern" if name != TITLE_FONT else "script")
            etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "fixed")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _letterhead(self, head: Letterhead) -> None:
        mark = self._para(head.office_mark, TITLE_FONT, 36, align=CENTER, line=48, color=RED)
        mark.paragraph_format.space_before = Pt(0)
        self.blank()
        if head.doc_number:
            self._para(head.doc_number, BODY_FONT, SIZE_3, align=CENTER)
        rule = self._para("", BODY_FONT, SIZE_3, line=14)
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "C00000")):
            bottom.set(qn(key), value)
        border.append(bottom)
        rule._p.get_or_add_pPr().append(border)
        self.blank()

    # paragraphs ---------------------------------------------------------------------------

    def _para(self, text, font, size, *, align=None, indent=0.0, line=LINE, bold=None, color=None, keep=False):
        p = self.doc.add_paragraph()
        _spacing(p.paragraph_format, line, indent, size)
        if align is not None:
            p.alignment = align
        if keep:
            p.paragraph_format.keep_with_next = True
        if text:
            set_fonts(p.add_run(text), font, size, bold=bold, color=color)
        return p

    def title(self, text: str, *, size: float = SIZE_2):
        """标题 (lines split at "\\n" stay one centred block)."""
        for line in text.split("\n"):
            self._para(line, TITLE_FONT, size, align=CENTER, line=size * 1.5 + 3, keep=True)
        return self

    def subtitle(self, text: str):
        """A centred line under the title in 楷体 (e.g. "（命名文件：…）")."""
        self._para(text, KAI, SIZE_3, align=CENTER, keep=True)
        return self

    def blank(self, *, keep: bool = False):
        return self._para("", BODY_FONT, SIZE_3, keep=keep)

    def recipient(self, text: str):
        """主送机关: flush left, ending with a full-width colon."""
        self._para(text, BODY_FONT, SIZE_3)
        return self

    def paragraph(self, text: str, *, indent: float = 2, align=None, bold: bool | None = None, size=SIZE_3):
        line = LINE if size >= SIZE_3 else size + 8  # smaller print (notes) gets tighter lines
        self.last_body = self._para(text, BODY_FONT, size, align=align, indent=indent, bold=bold, line=line)
        return self.last_body

    def heading1(self, text: str):
        self._para(text, HEI, SIZE_3, indent=2, keep=True)
        return self

    def heading2(self, text: str):
        self._para(text, KAI, SIZE_3, indent=2, keep=True)
        return self

    def heading3(self, text: str):
        self._para(text, BODY_FONT, SIZE_3, indent=2, bold=True, keep=True)
        return self

    def run_in(self, heading: str, text: str, *, font: str = KAI):
        """A body paragraph opened by a run-in heading: "（一）标题。正文……" (二级 in 楷体)."""
        p = self._para("", BODY_FONT, SIZE_3, indent=2)
        set_fonts(p.add_run(heading), font, SIZE_3, bold=font == BODY_FONT or None)
        set_fonts(p.add_run(text), BODY_FONT, SIZE_3)
        self.last_body = p
        return p

    def page_break(self):
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        return self

    # closing ------------------------------------------------------------------------------

    def attachment_note(self, names: list[str]):
        """附件说明 under the body: "附件：1. …", further names aligned under the first."""
        if not names:
            return self
        self._keep_body()
        self.blank(keep=True)
        numbered = len(names) > 1
        for idx, name in enumerate(names, start=1):
            label = f"{idx}. {name}" if numbered else name
            p = self._para(("附件：" if idx == 1 else "") + label, BODY_FONT, SIZE_3, indent=2, keep=True)
            if idx > 1:
                p.paragraph_format.first_line_indent = Pt(SIZE_3 * 5)  # under the first name
        return self

    def signature(self, office: str, date_text: str):
        """落款: an empty line, the office centred over the date, the date right-indented four
        characters; kept on the page of the last body paragraph."""
        self._keep_body()
        self.blank(keep=True)
        date_indent = 4
        office_indent = max(date_indent + (text_width(date_text) - text_width(office)) / 2, 2)
        if text_width(office) + office_indent > TEXT_WIDTH_MM / SIZE_3 * 72 / 25.4:  # a long name: flush right
            office_indent = 0
        if office:
            o = self._para(office, BODY_FONT, SIZE_3, align=RIGHT, keep=True)
            o.paragraph_format.right_indent = Pt(SIZE_3 * office_indent)
        d = self._para(date_text, BODY_FONT, SIZE_3, align=RIGHT)
        d.paragraph_format.right_indent = Pt(SIZE_3 * date_indent)
        return self

    def _keep_body(self) -> None:
        if self.last_body is not None:
            self.last_body.paragraph_format.keep_with_next = True
            self.last_body.paragraph_format.keep_together = True

    def attachment(self, label: str, title: str | None = None):
        """An attachment on a new page: "附件" / "附件1" in 黑体 at the top left, then its title."""
        self.page_break()
        self._para(label, HEI, SIZE_3, keep=True)
        if title:
            self.blank(keep=True)
            self.title(title)
            self.blank(keep=True)
        return self

    # tables -------------------------------------------------------------------------------

    def table(self, headers: list[str], rows: list[list], widths_mm: list[float], *, size=SIZE_SMALL_4, align=None):
        """A grid table centred in the 版心; the header row repeats on every page. `align`:
        one alignment per column (default: centred)."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Mm(w) for w in widths_mm]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid LibreOffice and WPS lay out by
        aligns = align or [CENTER] * len(headers)
        line = size + 8

        def fill(cells, values, font, bold=None):
            for cell, value, width, al in zip(cells, values, widths, aligns, strict=True):
                cell.width = width
                p = cell.paragraphs[0]
                _spacing(p.paragraph_format, line, 0, size)
                p.alignment = al if font != HEI else CENTER
                set_fonts(p.add_run("" if value is None else str(value)), font, size, bold=bold)

        fill(table.rows[0].cells, headers, HEI)
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for row in rows:
            new = table.add_row()
            new._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never splits over pages
            fill(new.cells, row, BODY_FONT)
        return table

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def office_name(region) -> str:
    """The issuing office of a region: 商丘市精神文明建设委员会办公室."""
    return f"{region.name}精神文明建设委员会办公室"


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str):
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
