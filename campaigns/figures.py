"""Figures of the campaigns app for the annual summary and the dashboards
(core.registry). Unit tasks count for the campaign's year; activities, inspections and
rectifications for the year of their date."""

from django.utils.translation import gettext_lazy as _

from core.registry import FigureDef, region_filter, register_figure

SECTION = "创建活动"

TASK_COLUMNS = (
    ("task__indicator__framework__campaign__name", _("创建活动")),
    ("task__indicator__code", _("指标编号")),
    ("task__indicator__text", _("测评标准")),
    ("unit__name", _("责任单位")),
    ("task__deadline", _("完成时限")),
    ("task__indicator__points", _("分值")),
)
ACTIVITY_COLUMNS = (
    ("date", _("日期")),
    ("title", _("活动名称")),
    ("kind", _("活动类型")),
    ("unit__name", _("主办单位")),
    ("place", _("地点")),
    ("participants", _("参与人数")),
    ("campaign__name", _("创建活动")),
)
RECT_COLUMNS = (
    ("inspection__date", _("督查日期")),
    ("unit__name", _("整改单位")),
    ("issue", _("问题")),
    ("deadline", _("整改时限")),
    ("status", _("状态")),
)


def _campaigns(region, year):
    from .models import Campaign

    return Campaign.objects.filter(year=year, **region_filter("region", region))


def _activities(region, year):
    from .models import Activity

    return Activity.objects.filter(date__year=year, **region_filter("unit__region", region))


def _unit_tasks(region, year, status=None):
    from .models import TaskAssignment
    from .selectors import with_status

    qs = with_status(
        TaskAssignment.objects.filter(
            task__indicator__framework__campaign__year=year, **region_filter("unit__region", region)
        )
    )
    return qs.filter(status=status) if status else qs


def _tasks_met(region, year):
    return _unit_tasks(region, year, "accepted")


def _tasks_overdue(region, year):
    return _unit_tasks(region, year, "overdue")


def _inspections(region, year):
    from .models import Inspection

    return Inspection.objects.filter(date__year=year, **region_filter("region", region))


def _rectifications(region, year, closed: bool):
    from .models import Rectification

    qs = Rectification.objects.filter(inspection__date__year=year, **region_filter("unit__region", region))
    return qs.filter(status="closed") if closed else qs.exclude(status="closed")


BY_CAMPAIGN = (("task__indicator__framework__campaign__name", "创建活动"),)

register_figure(
    FigureDef(
        key="campaigns.campaigns",
        section=SECTION,
        label=_("开展创建活动"),
        unit="项",
        queryset=_campaigns,
        breakdowns=(("kind", "活动类型"), ("status", "状态")),
        list_columns=(
            ("name", _("活动名称")),
            ("kind", _("类型")),
            ("level", _("级别")),
            ("region__name", _("主办区划")),
            ("status", _("状态")),
        ),
        definition=_("本地区及下辖地区当年主办的创建活动数（按活动年度）。"),
        order=10,
    )
)
register_figure(
    FigureDef(
        key="campaigns.activities",
        section=SECTION,
        label=_("举办活动场次"),
        unit="场",
        queryset=_activities,
        breakdowns=(("kind", "活动类型"), ("campaign__name", "创建活动")),
        list_columns=ACTIVITY_COLUMNS,
        definition=_("本地区单位当年填报的活动记录数（按活动日期）。"),
        order=20,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.activity_participants",
        section=SECTION,
        label=_("活动参与人次"),
        unit="人次",
        queryset=_activities,
        sum_field="participants",
        breakdowns=(("kind", "活动类型"), ("campaign__name", "创建活动")),
        list_columns=ACTIVITY_COLUMNS,
        definition=_("本地区单位当年填报的活动参与人数之和（按活动日期）。"),
        order=21,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.unit_tasks",
        section=SECTION,
        label=_("分解到单位的测评任务"),
        unit="项",
        queryset=_unit_tasks,
        breakdowns=BY_CAMPAIGN,
        list_columns=TASK_COLUMNS,
        definition=_("当年创建活动的测评标准分解到本地区单位的任务数（每个责任单位计一项）。"),
        order=30,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.tasks_met",
        section=SECTION,
        label=_("已达标的单位任务"),
        unit="项",
        queryset=_tasks_met,
        breakdowns=BY_CAMPAIGN,
        list_columns=TASK_COLUMNS,
        definition=_("单位任务中，最近一次佐证材料已审核通过的项数。"),
        order=31,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.tasks_overdue",
        section=SECTION,
        label=_("逾期的单位任务"),
        unit="项",
        queryset=_tasks_overdue,
        breakdowns=BY_CAMPAIGN,
        list_columns=TASK_COLUMNS,
        definition=_("单位任务中，已过完成时限仍未提交或未通过（不含待审核）的项数，按统计当日计算。"),
        order=32,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.points_covered",
        section=SECTION,
        label=_("已达标测评分值"),
        unit="分",
        queryset=_tasks_met,
        sum_field="task__indicator__points",
        breakdowns=BY_CAMPAIGN,
        list_columns=TASK_COLUMNS,
        definition=_("已审核通过的单位任务所对应测评标准的分值之和（多单位共担的标准按单位分别计）。"),
        order=33,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.inspections",
        section=SECTION,
        label=_("开展督查"),
        unit="次",
        queryset=_inspections,
        breakdowns=(("campaign__name", "创建活动"),),
        list_columns=(
            ("date", _("日期")),
            ("place", _("地点")),
            ("unit__name", _("被督查单位")),
            ("findings", _("发现问题")),
        ),
        definition=_("当年在本地区开展的督查次数（按督查日期）。"),
        order=40,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.rectifications_open",
        section=SECTION,
        label=_("未销号整改事项"),
        unit="项",
        queryset=lambda region, year: _rectifications(region, year, closed=False),
        breakdowns=(("status", "状态"),),
        list_columns=RECT_COLUMNS,
        definition=_("当年督查发现、交由本地区单位整改且尚未销号的事项数。"),
        order=41,
        unit_path="unit",
    )
)
register_figure(
    FigureDef(
        key="campaigns.rectifications_closed",
        section=SECTION,
        label=_("已销号整改事项"),
        unit="项",
        queryset=lambda region, year: _rectifications(region, year, closed=True),
        list_columns=RECT_COLUMNS,
        definition=_("当年督查发现、交由本地区单位整改并已销号的事项数。"),
        order=42,
        unit_path="unit",
    )
)
