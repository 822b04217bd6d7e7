"""Word and Excel files of a summary. The Word file is written by core.docx (GB/T
9704-2012: page, fonts, headings, page numbers, 落款 kept with the last paragraph); its
附件 lists every figure with its definition (口径), this year's value, last year's and
the change. The workbook has the same figures, sheet by section, with the breakdowns."""

from core.docx import CENTER, LEFT, OfficialDocument
from core.xlsx import Sheet, build_workbook
from core.yoy import yoy_mark

from .gather import sections_of
from .text import Report, fmt


def build_docx(report: Report, snapshot: list[dict]) -> bytes:
    doc = OfficialDocument()
    doc.title(report.title).blank()
    for text in report.intro:
        doc.paragraph(text)
    for part in report.parts:
        doc.heading1(part.heading)
        for text in part.paragraphs:
            doc.paragraph(text)
        for sub in part.subs:
            # a short （一） heading runs into its paragraph, as the genre writes it
            first, *more = sub.paragraphs or [""]
            doc.run_in(sub.heading, first)
            for text in more:
                doc.paragraph(text)
    doc.attachment_note(report.attachments)
    doc.signature(report.signature, report.date)
    if snapshot:
        doc.attachment("附件", report.attachments[0] if report.attachments else "主要数据统计表")
        rows = [
            [
                idx,
                f"{fig['label']}（{fig['unit']}）",
                fig["definition"],
                fmt(fig["value"]),
                fmt(fig.get("previous", "")),
                yoy_mark(fig["value"], fig.get("previous")) or "—",
            ]
            for idx, (_title, fig) in enumerate(((t, f) for t, figs in sections_of(snapshot) for f in figs), start=1)
        ]
        doc.table(
            ["序号", "指标", "统计口径", "本年", "上年", "同比"],
            rows,
            [12, 32, 58, 19, 17, 18],
            size=10.5,
            align=[CENTER, LEFT, LEFT, CENTER, CENTER, CENTER],
        )
    return doc.to_bytes()


def build_xlsx(report: Report, snapshot: list[dict], next_year: dict) -> bytes:
    sheets = [
        Sheet(
            title="说明",
            headers=["项目", "内容"],
            rows=[
                ["标题", report.title],
                *[["概述", t] for t in report.intro],
                ["落款", report.signature],
                ["日期", report.date],
            ],
            widths=[12, 100],
        )
    ]
    headers = ["序号", "指标", "分组", "数值", "上年", "同比", "单位", "统计口径", "指标代码"]
    for title, figs in sections_of(snapshot):
        rows = []
        for idx, fig in enumerate(figs, start=1):
            prev = fig.get("previous")
            rows.append(
                [
                    idx,
                    fig["label"],
                    "合计",
                    fig["value"],
                    prev,
                    yoy_mark(fig["value"], prev),
                    fig["unit"],
                    fig["definition"],
                    fig["key"],
                ]
            )
            for breakdown in fig["breakdowns"]:
                for name, value, *_link in breakdown["rows"]:
                    rows.append(
                        ["", fig["label"], f"{breakdown['label']}：{name}", value, "", "", fig["unit"], "", fig["key"]]
                    )
        sheets.append(
            Sheet(
                title=title,
                headers=headers,
                rows=rows or [["", "本年度暂无数据", "", "", "", "", "", "", ""]],
                widths=[6, 30, 36, 12, 12, 10, 8, 60, 24],
                total_row=["合计", f"{len(figs)}项指标", "", "", "", "", "", "", ""],
            )
        )
    if next_year:
        nxt = next_year["year"]
        kinds = [[k, n] for k, n in next_year["by_kind"]]
        sheets.append(
            Sheet(
                title=f"{nxt}年到期事项",
                headers=["事项类型", "到期数量（项）", "其中已到期未办结（项）"],
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
    return build_workbook(sheets, wrap_wide=True)
