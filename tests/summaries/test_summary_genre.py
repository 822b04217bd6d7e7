"""The summary in the genre of an office's annual summary, from hand-made snapshots:
sections by line of work, 同比, problems and plans derived from the data, and the staff
paragraphs kept across regenerations."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from docx import Document

from core.yoy import change_percent, yoy_mark, yoy_text
from summaries.models import AnnualSummary, SummaryNarrative
from summaries.services import narrative_save, summary_request
from summaries.text import build_report

from .conftest import YEAR


def fig(key, label, value, previous=0, unit="个", section="", breakdowns=(), records=(), by_child=None, before=None):
    bds = [{"label": lbl, "field": "", "rows": [[n, v, ""] for n, v in rows]} for lbl, rows in breakdowns]
    if by_child:
        bds.append({"label": "下级区划", "field": "region", "rows": [[n, v, ""] for n, v in by_child.items()]})
    return {
        "key": key, "section": section or key.split(".")[0], "slot": "", "label": label, "value": value,
        "previous": previous, "unit": unit, "definition": f"{label}的口径。", "breakdowns": bds,
        "records": list(records), "previous_by_child": before or {}, "url": f"/f/{key}",
    }  # fmt: skip


SNAPSHOT = [
    fig("campaigns.campaigns", "开展创建活动", 2, 1, "项", "创建活动",
        records=[{"活动名称": "文明交通行动", "类型": "专项行动"}, {"活动名称": "商丘好人评选", "类型": "评选"}]),
    fig("campaigns.activities", "举办活动场次", 120, 100, "场", "创建活动",
        breakdowns=[("活动类型", [("道德讲堂", 70), ("宣讲", 50)]), ("创建活动", [("文明交通行动", 120)])],
        records=[{"活动名称": "道德讲堂进社区", "参与人数": 300}], by_child={"梁园区": 40, "睢阳区": 80},
        before={"梁园区": 80, "睢阳区": 20}),
    fig("campaigns.unit_tasks", "分解到单位的测评任务", 40, 0, "项", "创建活动",
        breakdowns=[("测评项目", [("城市人居环境", 20), ("理想信念教育", 20)])]),
    fig("campaigns.tasks_met", "已达标的单位任务", 25, 0, "项", "创建活动",
        breakdowns=[("测评项目", [("城市人居环境", 5), ("理想信念教育", 20)])]),
    fig("campaigns.tasks_overdue", "逾期的单位任务", 6, 0, "项", "创建活动"),
    fig("campaigns.rectifications_open", "未销号整改事项", 4, 0, "项", "创建活动"),
    fig("titles.holding", "在届文明称号", 50, 40, "个", "文明称号",
        breakdowns=[("级别", [("市级", 30), ("省级", 20)]), ("称号类别", [("文明单位", 45), ("文明校园", 5)])]),
    fig("titles.named", "当年命名文明称号", 2, 4, "个", "文明称号", records=[{"单位": "商丘市博物馆"}, {"单位": "梁园区一中"}]),
    fig("titles.warned", "限期整改", 1, 0, "个", "文明称号", records=[{"单位": "睢阳区图书馆"}]),
    fig("volunteers.registered_total", "注册志愿者总数", 1100, 1000, "人", "志愿服务"),
    fig("volunteers.hours", "确认志愿服务时长", 300, 400, "小时", "志愿服务"),
    fig("exemplars.commendations", "表彰先进典型", 3, 2, "人次", "先进典型",
        breakdowns=[("级别", [("中国好人榜", 1), ("市级", 2)])],
        records=[{"姓名": "张明", "荣誉": "中国好人榜", "级别": "中国好人榜"}, {"姓名": "李华", "荣誉": "商丘好人", "级别": "市级"}]),
]  # fmt: skip
NEXT_YEAR = {
    "year": 2026, "total": 5, "by_kind": [["称号届满复查", 3], ["年度材料", 2]], "by_month": [[3, 4], [6, 1]],
    "carried_total": 2, "carried": [["整改事项", 2]], "remaining": 0, "as_of": "2025-12-20", "items": [],
}  # fmt: skip
CHECKS = {"materials": {"required": 30, "submitted": 24, "accepted": 20}}


def report(narratives=None, snapshot=SNAPSHOT):
    region = SimpleNamespace(name="商丘市", full_name="河南省商丘市")
    summary = SimpleNamespace(
        region=region, year=2025, figures=snapshot, next_year=NEXT_YEAR, checks=CHECKS, narratives=narratives or {}
    )
    return build_report(summary, as_of=dt.date(2025, 12, 20))


def text_of(part) -> str:
    return "".join(part.paragraphs) + "".join(s.heading + "".join(s.paragraphs) for s in part.subs)


def test_sections_follow_the_lines_of_work_then_problems_then_plans():
    r = report()
    assert [p.heading for p in r.parts] == [
        "一、深化思想道德建设，培育和践行社会主义核心价值观",
        "二、扎实推进文明城市创建，抓好测评任务落实",
        "三、深化文明单位、文明村镇、文明家庭、文明校园创建",
        "四、推动志愿服务常态化、制度化",
        "五、加强先进典型选树和礼遇帮扶",
        "六、加强未成年人思想道德建设",
        "七、存在的问题和不足",
        "八、2026年工作打算",
    ]
    assert r.title == "商丘市2025年度精神文明创建工作总结" and r.attachments == ["主要数据统计表"]


def test_sections_name_the_records_and_weave_in_the_key_figures():
    parts = {p.heading[2:6]: text_of(p) for p in report().parts}
    assert "“文明交通行动”" in parts["深化思想"] and "商丘好人评选" not in parts["深化思想"]  # selections go to 典型
    assert "举办各类活动120场，比上年增长20%" in parts["深化思想"] and "“道德讲堂进社区”（300人）" in parts["深化思想"]
    assert "已达标25项，完成率62.5%" in parts["扎实推进"]
    assert "命名2个，比上年下降50%（商丘市博物馆、梁园区一中）" in parts["深化文明"]
    assert "限期整改1个（睢阳区图书馆）" in parts["深化文明"]
    assert "注册志愿者达到1100人，比上年增长10%" in parts["推动志愿"]
    assert "获评中国好人榜荣誉的有张明（中国好人榜）" in parts["加强先进"]
    assert "在届文明校园5个" in parts["加强未成"]
    assert "按单位类型分" not in "".join(parts.values())


@pytest.mark.parametrize(
    "current, previous, text, mark",
    [
        (110, 100, "比上年增长10%", "▲10%"),
        (90, 100, "比上年下降10%", "▼10%"),
        (1, 3, "比上年下降66.7%", "▼66.7%"),
        (47, 50, "比上年下降6%", "▼6%"),
        (100, 100, "与上年持平", "持平"),
        (5, 0, "", ""),
    ],
)
def test_change_on_last_year_is_computed_by_hand(current, previous, text, mark):
    assert yoy_text(current, previous) == text and yoy_mark(current, previous) == mark
    if previous:
        assert change_percent(current, previous) == round((current - previous) * 100 / previous, 1)


def test_problems_are_derived_from_the_data_each_with_its_number():
    problems = next(p for p in report().parts if p.heading.endswith("存在的问题和不足"))
    text = text_of(problems)
    assert "“城市人居环境”完成率25%（5/20项）" in text and "理想信念教育" not in text  # 100% is no problem
    assert "6项单位任务逾期未完成" in text and "9项" not in text
    assert "4项尚未整改销号" in text and "截至2025年12月20日已到期未办结事项2项（整改事项2项）" in text
    assert "1个被限期整改" in text
    assert "应报送年度材料30份，尚有6份未报送，4份未通过审核或待审核" in text
    assert "举办活动场次梁园区下降50%" in text and "睢阳区下降" not in text
    assert "确认志愿服务时长比上年下降25%" in text  # falls more than 10%


def test_plans_come_from_next_years_deadlines_open_rectifications_and_weakest_indicators():
    plans = next(p for p in report().parts if p.heading.endswith("工作打算"))
    text = text_of(plans)
    assert "聚焦“城市人居环境”等完成率偏低的测评项目，对6项逾期任务" in text
    assert "对4项未销号整改事项、2项已到期未办结事项建立台账" in text
    assert "2026年共有5项工作到期，其中称号届满复查3项、年度材料2项，3月最为集中（4项）" in text
    assert "督促6份未报送年度材料按时补报" in text


def test_staff_paragraph_opens_its_section_before_the_generated_text():
    r = report({"志愿服务": "全市开展“学雷锋志愿服务月”活动。\n第二段。", "开头": "今年是关键之年。"})
    part = next(p for p in r.parts if p.key == "志愿服务")
    assert part.paragraphs[:2] == ["全市开展“学雷锋志愿服务月”活动。", "第二段。"]
    assert "注册志愿者达到1100人" in part.paragraphs[2]
    assert r.intro[0] == "今年是关键之年。"


@pytest.mark.django_db
def test_staff_paragraphs_are_kept_across_versions_and_regenerations(
    data, client_for, django_capture_on_commit_callbacks
):
    city, staff = data.regions.city, data.world.city_staff
    with django_capture_on_commit_callbacks(execute=True):
        first = summary_request(region=city, year=YEAR, by=staff)
    client = client_for(staff)
    url = reverse("admin:summaries_annualsummary_narratives", args=[first.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"志愿服务": "全市开展“学雷锋志愿服务月”活动。", "_rebuild": "1"})
    second = AnnualSummary.objects.get(region=city, year=YEAR, version=2)
    assert response.status_code == 302 and second.narratives == {"志愿服务": "全市开展“学雷锋志愿服务月”活动。"}
    with django_capture_on_commit_callbacks(execute=True):
        third = summary_request(region=city, year=YEAR, by=staff)  # a plain regeneration
    third.refresh_from_db()
    for version in (second, third):
        text = "\n".join(p.text for p in Document(io.BytesIO(version.docx.read())).paragraphs)
        assert "全市开展“学雷锋志愿服务月”活动。" in text and "志愿服务时长47小时" in text
    first.refresh_from_db()
    assert first.narratives == {}  # the earlier version keeps what it printed
    assert SummaryNarrative.objects.get().updated_by == staff
    narrative_save(region=city, year=YEAR, section="志愿服务", text="  ", by=staff)
    assert not SummaryNarrative.objects.exists()
