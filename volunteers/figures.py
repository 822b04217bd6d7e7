"""Figures for the annual summary and dashboards (core.registry)."""

from django.db.models import Q

from core.registry import FigureDef, region_filter, register_figure

from .models import ServiceEvent, ServiceRecord, ServiceRequest, Team, Volunteer

SECTION = "志愿服务"


def _volunteers(region, year):
    return Volunteer.objects.filter(status=Volunteer.Status.APPROVED, **region_filter("region", region))


register_figure(
    FigureDef(
        key="volunteers.registered_total",
        section=SECTION,
        label="注册志愿者总数",
        unit="人",
        queryset=lambda region, year: _volunteers(region, year).filter(registered_at__year__lte=year),
        breakdowns=(("political_status", "政治面貌"), ("star", "星级")),
        list_columns=(("name", "姓名"), ("team__name", "所属队伍"), ("political_status", "政治面貌"), ("star", "星级")),
        definition="截至年底审核通过的实名注册志愿者人数（按志愿者所属区划）。",
        order=10,
    )
)
register_figure(
    FigureDef(
        key="volunteers.registered_new",
        section=SECTION,
        label="当年新注册志愿者",
        unit="人",
        queryset=lambda region, year: _volunteers(region, year).filter(registered_at__year=year),
        breakdowns=(("political_status", "政治面貌"),),
        list_columns=(("name", "姓名"), ("team__name", "所属队伍"), ("registered_at", "注册时间")),
        definition="当年注册并审核通过的志愿者人数。",
        order=11,
    )
)
register_figure(
    FigureDef(
        key="volunteers.party_members",
        section=SECTION,
        label="党员志愿者",
        unit="人",
        queryset=lambda region, year: _volunteers(region, year).filter(
            registered_at__year__lte=year, political_status__in=["中共党员", "中共预备党员"]
        ),
        list_columns=(("name", "姓名"), ("team__name", "所属队伍")),
        definition="政治面貌为中共党员或预备党员的注册志愿者人数。",
        order=12,
    )
)
register_figure(
    FigureDef(
        key="volunteers.teams",
        section=SECTION,
        label="志愿服务队",
        unit="支",
        queryset=lambda region, year: Team.objects.filter(
            is_active=True, created_at__year__lte=year, **region_filter("region", region)
        ),
        breakdowns=(("kind", "队伍类型"),),
        list_columns=(("name", "队伍"), ("kind", "类型"), ("host_unit__name", "依托单位")),
        definition="有效的志愿服务队（含总队、分队）数量。",
        order=20,
        unit_path="host_unit",
    )
)
register_figure(
    FigureDef(
        key="volunteers.events",
        section=SECTION,
        label="开展志愿服务活动",
        unit="场",
        queryset=lambda region, year: ServiceEvent.objects.filter(
            starts_at__year=year, **region_filter("team__region", region)
        ),
        breakdowns=(("category", "服务类别"),),
        list_columns=(("title", "活动"), ("category", "类别"), ("team__name", "队伍"), ("starts_at", "时间")),
        definition="当年开始的志愿服务活动场次。",
        order=30,
        unit_path="team__host_unit",
    )
)
register_figure(
    FigureDef(
        key="volunteers.hours",
        section=SECTION,
        label="确认志愿服务时长",
        unit="小时",
        queryset=lambda region, year: ServiceRecord.objects.filter(
            service_date__year=year, **region_filter("team__region", region)
        ),
        sum_field="hours",
        breakdowns=(("source", "来源"),),
        list_columns=(
            ("volunteer__name", "志愿者"),
            ("team__name", "记录队伍"),
            ("service_date", "日期"),
            ("hours", "时长"),
        ),
        definition="当年服务日期内经队伍确认（或导入）的服务时长合计。",
        order=40,
        unit_path="team__host_unit",
    )
)
register_figure(
    FigureDef(
        key="volunteers.starred",
        section=SECTION,
        label="星级志愿者",
        unit="人",
        queryset=lambda region, year: _volunteers(region, year).filter(star__gte=1),
        breakdowns=(("star", "星级"),),
        list_columns=(("name", "姓名"), ("star", "星级"), ("total_hours", "累计时长")),
        definition="累计确认时长达到一星及以上标准的志愿者（当前星级）。",
        order=50,
    )
)
register_figure(
    FigureDef(
        key="volunteers.requests",
        section=SECTION,
        label="群众需求对接",
        unit="件",
        queryset=lambda region, year: ServiceRequest.objects.filter(
            posted_at__year=year, **region_filter("region", region)
        ),
        breakdowns=(("status", "状态"), ("category", "类别")),
        list_columns=(("title", "需求"), ("requester", "需求方"), ("status", "状态")),
        definition="当年登记的群众需求件数。",
        order=60,
    )
)
register_figure(
    FigureDef(
        key="volunteers.requests_closed",
        section=SECTION,
        label="完成对接的需求",
        unit="件",
        queryset=lambda region, year: ServiceRequest.objects.filter(
            Q(closed_at__year=year), status=ServiceRequest.Status.CLOSED, **region_filter("region", region)
        ),
        list_columns=(("title", "需求"), ("team__name", "承接队伍"), ("hours_served", "时长")),
        definition="当年完成并记入服务时长的群众需求件数。",
        order=61,
    )
)
