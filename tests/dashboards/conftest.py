"""Test figures for the dashboards, registered only for these tests (the real ones come
from the domain apps' figures.py). They count units.Unit rows — a model every test
world has — so every number can be computed by hand."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core import registry
from core.registry import FigureDef, month_breakdown
from tests.factories import UnitFactory
from units.models import Unit

YEAR = 2025


def units_created(region, year):
    return Unit.objects.filter(region__code__startswith=region.code, created_at__year=year)


def schools_created(region, year):
    return units_created(region, year).filter(kind="学校")


TEST_FIGURES = [
    FigureDef(
        key="test.units_new",
        section="文明称号",
        label="当年新建单位",
        unit="个",
        queryset=units_created,
        breakdowns=(("kind", "单位类型"), month_breakdown("created_at")),
        list_columns=(("name", "单位名称"), ("kind", "单位类型"), ("region__name", "所属区划")),
        definition="当年建档的单位数。",
        order=10,
        unit_path="pk",
    ),
    FigureDef(
        key="test.schools_new",
        section="志愿服务",
        label=gettext_lazy("当年新建学校"),  # apps pass lazy translations: the export must cope
        unit="所",
        queryset=schools_created,
        list_columns=(("name", "单位名称"),),
        order=20,
        unit_path="pk",
    ),
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered boards are cached; ids repeat between tests, so start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def test_figures(monkeypatch):
    """Only the test figures are registered while the test runs."""
    monkeypatch.setattr(registry, "_FIGURES", {f.key: f for f in TEST_FIGURES})
    return TEST_FIGURES


def make_unit(region, *, kind="党政机关", when=dt.datetime(YEAR, 3, 15, 10, 0), name=None):
    unit = UnitFactory(region=region, kind=kind, **({"name": name} if name else {}))
    Unit.objects.filter(pk=unit.pk).update(created_at=timezone.make_aware(when))
    return unit


@pytest.fixture
def dash_world(world, test_figures):
    """world + units created at known dates:
    county_a (梁园区): 2 schools in March 2025, 1 党政机关 in July 2025, unit_a2 in its township;
    county_b (睢阳区): 1 school in July 2025; one unit in 2024 in county_a.
    The `world` units themselves are created 'now' (a year other than 2025)."""
    r = world.regions
    Unit.objects.update(created_at=timezone.make_aware(dt.datetime(2020, 1, 1)))
    world.a_school1 = make_unit(r.county_a, kind="学校", when=dt.datetime(YEAR, 3, 1, 9, 0))
    world.a_school2 = make_unit(r.county_a, kind="学校", when=dt.datetime(YEAR, 3, 20, 9, 0))
    world.a_gov = make_unit(r.county_a, kind="党政机关", when=dt.datetime(YEAR, 7, 5, 9, 0))
    world.a_town = make_unit(r.town_a, kind="社区", when=dt.datetime(YEAR, 7, 6, 9, 0))
    world.b_school = make_unit(r.county_b, kind="学校", when=dt.datetime(YEAR, 7, 10, 9, 0))
    world.a_old = make_unit(r.county_a, kind="学校", when=dt.datetime(YEAR - 1, 5, 1, 9, 0))
    return world
