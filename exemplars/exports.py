"""Excel lists (personal data masked unless the user may reveal it; every export
logged) and the commendation list in Word."""

from django.utils import timezone

from core.dates import cn_date
from core.docx import DOCX_CONTENT_TYPE, docx_response  # noqa: F401 (used by the admin)
from core.privacy import can_reveal, log_personal_data, show_id_number, show_phone
from core.xlsx import Sheet, build_workbook

from .models import Nomination


def nominations_workbook(nominations, *, user, request=None) -> bytes:
    rows = [
        [
            n.round.campaign.name,
            n.category,
            n.nominee_name,
            n.get_sex_display(),
            n.age or "",
            show_id_number(user, n.id_number),
            n.unit_or_address,
            n.region.name,
            n.get_source_display(),
            n.nominator_unit.name if n.nominator_unit_id else n.nominator_name,
            show_phone(user, n.nominator_phone),
            n.get_status_display(),
            n.short_deeds,
        ]
        for n in nominations
    ]
    headers = [
        "评选",
        "类别",
        "姓名",
        "性别",
        "年龄",
        "身份证号",
        "工作单位或住址",
        "所在区划",
        "推荐来源",
        "推荐单位/推荐人",
        "推荐人电话",
        "状态",
        "简要事迹",
    ]
    widths = [26, 10, 10, 6, 6, 22, 30, 12, 10, 24, 15, 12, 60]
    log_personal_data(
        user=user,
        action="export",
        target="推荐人选名单",
        count=len(rows),
        detail="明文" if can_reveal(user) else "脱敏",
        request=request,
    )
    return build_workbook([Sheet("推荐人选", headers, rows, widths)])


def _honour_text(honour) -> str:
    """ "2025年度商丘好人（市级）"; the year is added only when the title lacks it."""
    title = honour.title if honour.title.startswith(str(honour.year)) else f"{honour.year}年{honour.title}"
    return f"{title}（{honour.get_level_display()}）"


def exemplars_workbook(exemplars, *, user, request=None) -> bytes:
    rows = []
    for e in exemplars:
        honours = "；".join(_honour_text(h) for h in e.honours.all())
        rows.append(
            [
                e.name,
                e.get_sex_display(),
                show_id_number(user, e.id_number),
                show_phone(user, e.phone),
                e.region.name,
                e.unit_or_address,
                e.category,
                honours,
                "是" if e.hardship else "否",
                e.hardship_reason if e.hardship else "",
            ]
        )
    headers = [
        "姓名",
        "性别",
        "身份证号",
        "联系电话",
        "所在区划",
        "工作单位或住址",
        "类别",
        "所获荣誉",
        "生活困难",
        "困难原因",
    ]
    widths = [10, 6, 22, 15, 12, 30, 10, 60, 8, 30]
    log_personal_data(
        user=user,
        action="export",
        target="先进典型库",
        count=len(rows),
        detail="明文" if can_reveal(user) else "脱敏",
        request=request,
    )
    return build_workbook([Sheet("先进典型", headers, rows, widths)])


def hardship_workbook(table: list[dict], *, title: str) -> bytes:
    headers = ["区划", "先进典型数", "生活困难典型数", "慰问次数", "慰问困难典型人数", "慰问金（元）"]
    body = [
        [r["region"], r["exemplars"], r["hardship"], r["visits"], r["visited"], float(r["amount"])] for r in table[:-1]
    ]
    total = table[-1]
    total_row = [
        "合计",
        total["exemplars"],
        total["hardship"],
        total["visits"],
        total["visited"],
        float(total["amount"]),
    ]
    return build_workbook([Sheet(title[:31], headers, body, [16, 12, 14, 10, 16, 14], total_row=total_row)])


def festival_workbook(exemplars, *, user, festival: str, request=None) -> bytes:
    rows = [
        [e.name, e.region.name, e.unit_or_address, show_phone(user, e.phone), e.hardship_reason, cn_date(e.last_visit)]
        for e in exemplars
    ]
    headers = ["姓名", "所在区划", "工作单位或住址", "联系电话", "困难原因", "上次慰问"]
    log_personal_data(user=user, action="export", target=f"{festival}待慰问名单", count=len(rows), request=request)
    return build_workbook([Sheet(f"{festival}待慰问", headers, rows, [10, 12, 30, 15, 30, 14])])


CN_NUMBERS = "一二三四五六七八九十"


def commendation_docx(selection_round, nominations, *, office_name: str, date=None) -> bytes:
    """表彰名单 (core.docx: GB/T 9704 layout): one 一级 heading per category, a line per person."""
    from core.docx import OfficialDocument

    date = date or timezone.localdate()
    doc = OfficialDocument()
    doc.title(f"{selection_round.year}年度{selection_round.title_text}\n表彰名单").blank()
    by_category: dict[str, list[Nomination]] = {}
    for n in nominations:
        by_category.setdefault(n.category, []).append(n)
    order = [c for c in selection_round.categories if c in by_category] + sorted(
        set(by_category) - set(selection_round.categories)
    )
    for idx, category in enumerate(order):
        items = by_category[category]
        number = CN_NUMBERS[idx] if idx < len(CN_NUMBERS) else str(idx + 1)
        doc.heading1(f"{number}、{category}（{len(items)}名）")
        for n in sorted(items, key=lambda x: x.nominee_name):
            age = f"，{n.age}岁" if n.age else ""
            doc.paragraph(f"{n.nominee_name}　{n.get_sex_display()}{age}，{n.unit_or_address}")
    doc.signature(office_name, cn_date(date))
    return doc.to_bytes()
