"""The certificate (志愿服务记录证明) as Word and PDF, from the stored snapshot."""

import io

from django.utils.translation import gettext as _

from core.dates import cn_date

STAR_TEXT = {0: "—", 1: "一星", 2: "二星", 3: "三星", 4: "四星", 5: "五星"}


def certificate_paragraphs(cert) -> list[str]:
    s = cert.snapshot
    return [
        _(
            "兹证明 %(name)s（性别：%(sex)s，身份证号：%(id)s）于 %(reg)s 注册为志愿者，"
            "截至 %(issued)s，在本组织累计参加志愿服务 %(count)d 次，经本组织确认的志愿服务时长共计 %(hours)s 小时。"
            "其时间储蓄（各组织确认时长合计）为 %(bank)s 小时，%(star)s。"
        )
        % {
            "name": s["name"],
            "sex": s["sex"],
            "id": s["id_number_masked"],
            "reg": cn_date(s["registered_on"]),
            "issued": cn_date(s["issued_on"]),
            "count": s["record_count"],
            "hours": s["total_hours"],
            "bank": s.get("time_bank_hours", s["total_hours"]),
            "star": _("星级：%(s)s志愿者") % {"s": STAR_TEXT[s["star"]]}
            if s["star"] in (1, 2, 3, 4, 5)
            else _("尚未达到星级志愿者标准"),
        },
        _("特此证明。"),
    ]


def _record_rows(cert):
    return [[cn_date(r["date"]), r["title"], r["team"], r["hours"]] for r in cert.snapshot["records"]]


def _issuer(s) -> str:
    return _("出具组织：%(t)s") % {"t": s["team"]} + (f"（{s['host_unit']}）" if s.get("host_unit") else "")


def _verify_note(verify_url: str) -> str:
    return _("本证明依据“谁记录谁证明”的原则出具。可在 %(url)s 输入验证编号查验真伪。") % {"url": verify_url}


def certificate_docx(cert, verify_url: str) -> bytes:
    """The certificate in Word, written by core.docx (GB/T 9704 page, fonts, 落款)."""
    from core.docx import RIGHT, OfficialDocument

    s = cert.snapshot
    doc = OfficialDocument(page_numbers=False)
    doc.title(_("志愿服务记录证明"))
    doc.paragraph(_("验证编号：%(n)s") % {"n": cert.number}, indent=0, align=RIGHT, size=12)
    for text in certificate_paragraphs(cert):
        doc.paragraph(text)
    rows = _record_rows(cert)
    if rows:
        doc.paragraph(_("服务记录（最近%(n)d条）：") % {"n": len(rows)}, bold=True)
        doc.table([_("日期"), _("服务项目"), _("记录组织"), _("时长(小时)")], rows, [35, 51, 52, 18], size=10.5)
    doc.signature(_issuer(s), cn_date(s["issued_on"]))
    doc.paragraph(_verify_note(verify_url), indent=0, size=10.5)
    return doc.to_bytes()


def certificate_pdf(cert, verify_url: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    base = ParagraphStyle("base", fontName="STSong-Light", fontSize=13, leading=22, firstLineIndent=26, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=TA_CENTER, firstLineIndent=0)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT, firstLineIndent=0)
    small = ParagraphStyle("small", parent=base, fontSize=9, leading=13, firstLineIndent=0)
    cell = ParagraphStyle("cell", parent=small, fontSize=10)
    s = cert.snapshot
    story = [
        Paragraph(_("志愿服务记录证明"), title),
        Paragraph(_("验证编号：%(n)s") % {"n": cert.number}, ParagraphStyle("no", parent=right, fontSize=10)),
        Spacer(1, 0.5 * cm),
    ]
    story += [Paragraph(t, base) for t in certificate_paragraphs(cert)]
    rows = _record_rows(cert)
    if rows:
        story.append(Spacer(1, 0.4 * cm))
        data = [[Paragraph(h, cell) for h in (_("日期"), _("服务项目"), _("记录组织"), _("时长(小时)"))]]
        data += [[Paragraph(str(c), cell) for c in r] for r in rows]
        table = Table(data, colWidths=[3.2 * cm, 6.8 * cm, 4.5 * cm, 2.2 * cm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        story.append(table)
    story += [
        Spacer(1, 1 * cm),
        Paragraph(_issuer(s), right),
        Paragraph(cn_date(s["issued_on"]), right),
        Spacer(1, 0.8 * cm),
        Paragraph(_verify_note(verify_url), small),
    ]
    buf = io.BytesIO()
    SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=_("志愿服务记录证明"),
        author=s["team"],
    ).build(story)
    return buf.getvalue()
