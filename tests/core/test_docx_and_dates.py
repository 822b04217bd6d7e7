"""The one official-document writer and the one Chinese date formatter."""

import datetime as dt
import io
import pathlib
import re

from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.dates import cn_date
from core.docx import OfficialDocument

ROOT = pathlib.Path(__file__).resolve().parents[2]
# What only the writer may do: name Word fonts, set page size or margins, open python-docx.
WORD_SETUP = re.compile(r"w:eastAsia|rFonts|\.font\.name|page_width|top_margin|from docx|import docx")


def test_no_module_but_core_docx_sets_word_fonts_or_page_setup():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "tests/", "bench/")) or "/migrations/" in rel or rel == "core/docx.py":
            continue
        if WORD_SETUP.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert offenders == []


def test_every_word_document_the_system_issues_is_built_with_the_writer():
    for rel in (
        "summaries/documents.py",
        "titles/services/naming.py",
        "exemplars/exports.py",
        "volunteers/documents.py",
    ):
        assert "OfficialDocument(" in (ROOT / rel).read_text(encoding="utf-8"), rel


def test_writer_lays_out_a_gb_t_9704_page_and_keeps_the_signature_with_the_last_paragraph():
    doc = OfficialDocument()
    doc.title("关于表彰的决定")
    doc.heading1("一、总体情况")
    doc.paragraph("正文。")
    doc.attachment_note(["名单一", "名单二"])
    doc.signature("商丘市精神文明建设委员会办公室", "2026年3月5日")
    doc.table(["序号", "单位"], [[1, "甲"]], [20, 136])
    d = Document(io.BytesIO(doc.to_bytes()))
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    texts = [p.text for p in d.paragraphs]
    assert "附件：1. 名单一" in texts and "2. 名单二" in texts
    body = d.paragraphs[texts.index("正文。")]
    rfonts = body.runs[0]._element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and rfonts.get(qn("w:ascii")) == "Times New Roman"
    assert body.runs[0].font.size == Pt(16) and body.paragraph_format.line_spacing == Pt(28)
    assert body.paragraph_format.keep_with_next
    office = d.paragraphs[texts.index("商丘市精神文明建设委员会办公室")]
    date = d.paragraphs[texts.index("2026年3月5日")]
    assert office.paragraph_format.keep_with_next and date.paragraph_format.right_indent == Pt(16 * 4)
    # the office is centred over the date: 15 characters over 5.5 → right indent 4 − 4.75, at least 2
    assert office.paragraph_format.right_indent == Pt(16 * 2)
    head = d.paragraphs[texts.index("一、总体情况")]
    assert head.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    assert 'w:tblHeader w:val="true"' in d.tables[0].rows[0]._tr.xml
    font_table = next(r.target_part for r in d.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    assert 'w:name="仿宋_GB2312"' in font_table and 'w:altName w:val="仿宋"' in font_table
    assert abs(s.left_margin - Mm(28)) < Mm(0.1)


def test_chinese_date_is_the_same_in_every_interface_language():
    day, moment = dt.date(2026, 3, 5), dt.datetime(2026, 11, 23, 9, 5)
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            assert cn_date(day) == "2026年3月5日"
            assert cn_date(moment, with_time=True) == "2026年11月23日 09:05"
            assert cn_date("2026-12-01") == "2026年12月1日"
            assert cn_date(None) == ""
