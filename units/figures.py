"""Figures about the units themselves (registered from summaries.apps, see there)."""

from core.registry import FigureDef, region_filter, register_figure
from units.models import Unit


def _units(region, year):
    return Unit.objects.filter(is_active=True, created_at__year__lte=year, **region_filter("region", region))


def _new_units(region, year):
    return Unit.objects.filter(created_at__year=year, **region_filter("region", region))


COLUMNS = (("name", "单位名称"), ("kind", "单位类型"), ("industry", "行业系统"), ("region__name", "所属区划"))

register_figure(
    FigureDef(
        key="units.active",
        section="创建单位",
        label="纳入管理的单位",
        unit="个",
        queryset=_units,
        breakdowns=(("kind", "单位类型"),),
        list_columns=COLUMNS,
        definition="本区划及下级区划中状态为有效、且在当年年底前已登记的单位数。",
        order=10,
        unit_path="pk",
    )
)
register_figure(
    FigureDef(
        key="units.new",
        section="创建单位",
        label="当年新登记单位",
        unit="个",
        queryset=_new_units,
        list_columns=COLUMNS,
        definition="登记时间在当年1月1日至12月31日之间的单位数（含已停用的）。",
        order=11,
        unit_path="pk",
    )
)
