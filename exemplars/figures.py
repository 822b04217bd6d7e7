"""Figures for the annual summary and the dashboards."""

from django.utils.translation import gettext_lazy as _

from core.registry import FigureDef, region_filter, register_figure

from .models import CareVisit, Exemplar, Honour, Nomination, NominationStatus

SECTION = "先进典型"


def nominations(region, year):
    return Nomination.objects.filter(round__campaign__year=year, **region_filter("region", region)).exclude(
        status=NominationStatus.MERGED
    )


def commendations(region, year):
    return Honour.objects.filter(year=year, **region_filter("exemplar__region", region))


def hardship(region, year):
    from django.db.models import Q

    return Exemplar.objects.filter(hardship=True, **region_filter("region", region)).filter(
        Q(hardship_since__isnull=True) | Q(hardship_since__year__lte=year)
    )


def care_visits(region, year):
    return CareVisit.objects.filter(date__year=year, **region_filter("exemplar__region", region))


register_figure(FigureDef(
    key="exemplars.nominations", section=SECTION, label=str(_("推荐先进典型人选")), unit="人", queryset=nominations,
    breakdowns=(("category", "类别"), ("round__campaign__name", "评选"), ("status", "状态")),
    list_columns=(("nominee_name", "姓名"), ("category", "类别"), ("round__campaign__name", "评选"),
                  ("region__name", "区划"), ("status", "状态")),
    definition="当年各评选轮次收到的推荐人选（不含合并的重复推荐），按被推荐人所在区划统计。", order=510,
))  # fmt: skip
register_figure(FigureDef(
    key="exemplars.commendations", section=SECTION, label=str(_("表彰先进典型")), unit="人次", queryset=commendations,
    breakdowns=(("category", "类别"), ("level", "级别")),
    list_columns=(("exemplar__name", "姓名"), ("title", "荣誉"), ("level", "级别"), ("category", "类别"),
                  ("exemplar__region__name", "区划")),
    definition="当年获得的各级先进典型荣誉（含中国好人榜、省、市、县、区级），一人多项按人次计。", order=520,
))  # fmt: skip
register_figure(FigureDef(
    key="exemplars.hardship", section=SECTION, label=str(_("生活困难先进典型")), unit="人", queryset=hardship,
    breakdowns=(("region__name", "区划"), ("category", "类别")),
    list_columns=(("name", "姓名"), ("region__name", "区划"), ("category", "类别"), ("hardship_reason", "困难原因")),
    definition="先进典型库中当前标记为生活困难、且登记日期不晚于该年度的人数。", order=530,
))  # fmt: skip
register_figure(FigureDef(
    key="exemplars.care_visits", section=SECTION, label=str(_("帮扶慰问先进典型")), unit="人次", queryset=care_visits,
    breakdowns=(("festival", "节日/时节"), ("exemplar__region__name", "区划")),
    list_columns=(("exemplar__name", "姓名"), ("date", "慰问日期"), ("festival", "节日/时节"), ("visitors", "慰问人"),
                  ("given", "慰问物品"), ("amount", "慰问金")),
    definition="当年登记的帮扶慰问次数（按慰问日期），一次慰问一人计一人次。", order=540,
))  # fmt: skip
