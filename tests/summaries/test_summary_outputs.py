"""The Word, Excel and HTML outputs, read back."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from summaries.services import summary_request

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = summary_request(region=data.regions.city, year=YEAR, by=data.world.city_staff)
    s.refresh_from_db()
    return s


def east_asia(run):
    rfonts = run._element.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia"))


def paragraphs(doc):
    return [p for p in doc.paragraphs if p.text.strip()]


def test_word_page_is_a4_with_official_document_margins(summary):
    doc = Document(summary.docx.open("rb"))
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    assert abs(s.top_margin - Mm(37)) < Mm(0.1)


def test_word_title_body_and_headings_use_the_official_fonts(summary):
    doc = Document(io.BytesIO(summary.docx.read()))
    paras = paragraphs(doc)
    title = paras[0]
    assert title.text == "商丘市2025年度精神文明创建工作总结"
    assert east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = paras[1]
    assert body.text.startswith("2025年，全市精神文明建设工作")
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert body.paragraph_format.line_spacing == Pt(28)
    heads1 = [p for p in paras if re.match(r"^[一二三四五六七八九十]+、", p.text)]
    assert [h.text for h in heads1] == [
        "一、深化文明单位、文明村镇、文明家庭、文明校园创建",
        "二、推动志愿服务常态化、制度化",
        "三、存在的问题和不足",
    ]
    assert all(east_asia(h.runs[0]) == "黑体" for h in heads1)


def test_word_text_states_the_figures_with_last_years_change_and_no_sentence_about_the_system(summary):
    text = "\n".join(p.text for p in Document(io.BytesIO(summary.docx.read())).paragraphs)
    # 4 units in 2025 against 1 in 2024: +300%; 3 schools against none: no base, no 同比
    assert "2025年，全市当年命名单位4个，比上年增长300%，当年命名学校3所。" in text
    # 47 hours against 50: -6%
    assert "2025年，全市志愿服务时长47小时，比上年下降6%。" in text
    assert "按单位类型分" not in text and "系统" not in text.split("附件")[0]
    assert re.search(r"\n\d{4}年\d{1,2}月\d{1,2}日\n", text)  # the date line, 2026年11月23日 style
    assert "商丘市精神文明建设委员会办公室" in text and "附件：主要数据统计表" in text


def test_signature_is_kept_with_the_last_paragraph(summary):
    doc = Document(io.BytesIO(summary.docx.read()))
    paras = doc.paragraphs
    office = next(i for i, p in enumerate(paras) if p.text == "商丘市精神文明建设委员会办公室")
    last_body = max(i for i, p in enumerate(paras[:office]) if p.text.strip() and not p.text.startswith("附件"))
    assert all(p.paragraph_format.keep_with_next for p in paras[last_body : office + 1])
    assert paras[office + 1].text.endswith("日") and paras[office + 1].alignment == 2  # right


def test_word_footer_carries_page_numbers_and_appendix_lists_every_figure_with_its_definition(summary):
    doc = Document(io.BytesIO(summary.docx.read()))
    footer_xml = doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "—" in footer_xml
    assert doc.settings.odd_and_even_pages_header_footer
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "指标", "统计口径", "本年", "上年", "同比"]
    assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml  # repeated on every page
    assert [c.text for c in table.rows[1].cells] == ["1", "当年命名单位（个）", "当年建档的单位数。", "4", "1", "▲300%"]
    assert [c.text for c in table.rows[3].cells][3:] == ["47", "50", "▼6%"]
    assert len(table.rows) == 1 + 3


def test_excel_has_a_sheet_per_section_with_last_year_and_change(summary):
    wb = load_workbook(io.BytesIO(summary.xlsx.read()))
    assert wb.sheetnames[:4] == ["说明", "创建单位", "创建活动", "测评任务"]
    assert "文明称号" in wb.sheetnames and "志愿服务" in wb.sheetnames and "2026年到期事项" in wb.sheetnames
    ws = wb["文明称号"]
    assert [c.value for c in ws[1]] == ["序号", "指标", "分组", "数值", "上年", "同比", "单位", "统计口径", "指标代码"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[0][:7] == [1, "当年命名单位", "合计", 4, 1, "▲300%", "个"]
    assert [None, "当年命名单位", "单位类型：学校", 3] == rows[2][:4]
    assert rows[-1][:2] == ["合计", "2项指标"] and ws[ws.max_row][0].font.bold
    assert ws.freeze_panes == "A2" and ws.column_dimensions["B"].width == 30
    assert wb["志愿服务"]["D2"].value == 47 and wb["志愿服务"]["F2"].value == "▼6%"
    assert wb["创建活动"]["B2"].value == "本年度暂无数据"


def test_html_view_links_every_figure_to_its_record_list(summary, client_for):
    client = client_for(summary.requested_by)
    page = client.get(reverse("summaries:detail", args=[summary.pk])).content.decode()
    for key in ("t.units", "t.schools", "t.hours"):
        url = reverse("dashboards:figure_list", args=[key]) + "?region=4114&amp;year=2025"
        assert f'href="{url}"' in page
    assert "2025年，全市当年命名单位4个，比上年增长300%" in page and "当年建档的单位数。" in page
    target = client.get(reverse("dashboards:figure_list", args=["t.units"]) + "?region=4114&year=2025")
    assert target.status_code == 200
    assert "下载Word文稿" in page


def test_every_counted_figure_and_group_links_to_a_list_of_exactly_that_many_records(summary, client_for):
    """Follow every link of the HTML view (totals, each breakdown group, each lower
    region) and compare the list's record count with the number that was linked."""
    import html

    client = client_for(summary.requested_by)
    page = client.get(reverse("summaries:detail", args=[summary.pk])).content.decode()
    links = re.findall(r'<a href="([^"]+)"[^>]*data-key="(t\.[a-z]+)"[^>]*>([\d.]+)</a>', page)
    counted = [(html.unescape(url), key, int(n)) for url, key, n in links if key in ("t.units", "t.schools")]
    # t.units: total, 2 unit kinds, 2 counties; t.schools: total, 2 counties
    assert len(counted) == 5 + 3, counted
    assert any("&by=kind&v=" in url for url, _, _ in counted)
    assert any("region=411402" in url for url, _, _ in counted)
    for url, _key, n in counted:
        listed = client.get(url).content.decode()
        assert f"共 {n} 条" in listed, (url, n)


def test_files_download_through_the_scoped_view(summary, client_for, data):
    w = data.world
    client = client_for(w.official)
    response = client.get(reverse("summaries:file", args=[summary.pk, "docx"]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client.get(reverse("summaries:file", args=[summary.pk, "pdf"])).status_code == 404


def test_other_region_staff_and_liaisons_get_404(summary, client_for, data):
    w = data.world
    for user in (w.county_b_staff, w.liaison_a):
        client = client_for(user)
        assert client.get(reverse("summaries:detail", args=[summary.pk])).status_code == 404
        assert client.get(reverse("summaries:file", args=[summary.pk, "xlsx"])).status_code == 404


def test_official_reads_but_cannot_start_a_summary(summary, client_for, data):
    from django.core.exceptions import PermissionDenied

    w = data.world
    client = client_for(w.official)
    assert client.get(reverse("summaries:detail", args=[summary.pk])).status_code == 200
    assert str(summary.region) in client.get(reverse("summaries:list")).content.decode()
    with pytest.raises(PermissionDenied):
        summary_request(region=w.regions.city, year=YEAR, by=w.official)


def test_county_staff_cannot_start_a_summary_for_the_city(data):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        summary_request(region=data.regions.city, year=YEAR, by=data.world.county_a_staff)
