"""The words of a summary, written from its stored figures (never from templates of
prose): short factual paragraphs, one heading per section, and a plain statement where
a section has no data. Word, HTML and Excel all read the same `Report`."""

import datetime as dt
from dataclasses import dataclass, field

from core.dates import cn_date

from .gather import sections_of

CN_NUMBERS = "一二三四五六七八九十"
MAX_BREAKDOWN_ROWS = 12


def cn_ordinal(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    if n < 20:
        return "十" + CN_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMBERS[tens - 1] + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "")
    return str(value)


def whole_area(region) -> str:
    """全市 / 全区 / 全县 / 全省 / 全镇 — how a region names itself in its summary."""
    name = region.name
    for suffix, word in (
        ("自治州", "州"),
        ("街道", "街道"),
        ("省", "省"),
        ("市", "市"),
        ("区", "区"),
        ("县", "县"),
        ("旗", "旗"),
        ("镇", "镇"),
        ("乡", "乡"),
        ("州", "州"),
    ):
        if name.endswith(suffix):
            return "全" + word
    return "全区域"


@dataclass
class Sub:
    heading: str  # （一）…
    paragraphs: list[str]


@dataclass
class Part:
    heading: str  # 一、…
    paragraphs: list[str]
    figures: list[dict] = field(default_factory=list)
    subs: list[Sub] = field(default_factory=list)


@dataclass
class Report:
    title: str
    intro: str
    parts: list[Part]
    signature: str
    date: str


def _figure_phrase(fig: dict) -> str:
    return f"{fig['label']}{fmt(fig['value'])}{fig['unit']}"


def _breakdown_sentence(fig: dict, breakdown: dict) -> str | None:
    rows = [r for r in breakdown["rows"] if r[1]]
    if not rows:
        return None
    shown = [f"{r[0]}{fmt(r[1])}{fig['unit']}" for r in rows[:MAX_BREAKDOWN_ROWS]]
    more = "等" if len(rows) > MAX_BREAKDOWN_ROWS else ""
    return f"按{breakdown['label']}分，{'、'.join(shown)}{more}。"


def section_part(number: int, title: str, figs: list[dict], year: int, area: str) -> Part:
    heading = f"{cn_ordinal(number)}、{title}"
    if not figs:
        return Part(heading, [f"本年度系统中暂无{title}方面的数据，本部分从略。"])
    if not any(f["value"] for f in figs):
        return Part(heading, [f"{year}年，{area}{title}方面各项统计均为零，未产生相关记录。"], figs)
    phrases = "，".join(_figure_phrase(f) for f in figs)
    paragraphs = [f"{year}年，{area}{phrases}。"]
    subs = []
    for fig in figs:
        sentences = [s for b in fig["breakdowns"] if (s := _breakdown_sentence(fig, b))]
        if sentences:
            subs.append(
                Sub(f"（{cn_ordinal(len(subs) + 1)}）{fig['label']}", [f"{_figure_phrase(fig)}。" + "".join(sentences)])
            )
    return Part(heading, paragraphs, figs, subs)


def next_year_part(number: int, next_year: dict, area: str) -> Part:
    nxt = next_year.get("year")
    heading = f"{cn_ordinal(number)}、{nxt}年工作安排"
    subs = []
    if next_year.get("total"):
        kinds = "、".join(f"{k}{n}项" for k, n in next_year["by_kind"])
        months = "、".join(f"{m}月{n}项" for m, n in next_year["by_month"])
        busiest = max(next_year["by_month"], key=lambda mn: mn[1])
        subs.append(
            Sub(
                "（一）到期事项",
                [
                    f"{nxt}年{area}共有{next_year['total']}项工作到期，其中{kinds}。",
                    f"按月份看，{months}，{busiest[0]}月最为集中，需提前安排。",
                ],
            )
        )
    else:
        subs.append(Sub("（一）到期事项", [f"系统中暂无{nxt}年到期的事项记录。"]))
    if next_year.get("carried_total"):
        kinds = "、".join(f"{k}{n}项" for k, n in next_year["carried"])
        subs.append(
            Sub(
                "（二）结转事项",
                [f"截至目前已到期尚未办结的事项{next_year['carried_total']}项，其中{kinds}，须在{nxt}年继续督办。"],
            )
        )
    else:
        subs.append(Sub("（二）结转事项", ["已到期的事项均已办结，无结转事项。"]))
    intro = [f"根据系统中已登记的截止日期，{nxt}年需重点做好以下工作。"]
    return Part(heading, intro, [], subs)


def build_report(summary, *, as_of: dt.date) -> Report:
    region, year = summary.region, summary.year
    area = whole_area(region)
    snapshot = summary.figures or []
    sections = sections_of(snapshot)
    parts = [section_part(i, title, figs, year, area) for i, (title, figs) in enumerate(sections, start=1)]
    if summary.next_year:
        parts.append(next_year_part(len(parts) + 1, summary.next_year, area))
    with_data = sum(1 for _, figs in sections if figs)
    intro = (
        f"现将{region.full_name or region.name}{year}年度文明创建工作情况总结如下。"
        f"本总结依据截至{cn_date(as_of)}系统中的业务记录生成，"
        f"涉及{with_data}个方面共{len(snapshot)}项统计数据，各项数据的统计口径见附表。"
    )
    return Report(
        title=f"{region.full_name or region.name}{year}年度文明创建工作总结",
        intro=intro,
        parts=parts,
        signature=f"{region.name}精神文明建设委员会办公室",
        date=cn_date(as_of),
    )
