"""Figures registered for these tests only: they count units.Unit rows and sum
core.JobRun.progress (a numeric field every test world has), so every number in the
summary can be computed by hand."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from core import registry
from core.models import JobRun
from core.registry import DueItem, FigureDef, region_filter
from tests.factories import UnitFactory
from units.models import Unit

YEAR = 2025


def units_created(region, year):
    return Unit.objects.filter(created_at__year=year, **region_filter("region", region))


def schools_created(region, year):
    return units_created(region, year).filter(kind="学校")


def job_points(region, year):
    return JobRun.objects.filter(created_at__year=year, **region_filter("region", region))


FIGURES = [
    FigureDef(
        key="t.units",
        section="文明称号",
        label="当年命名单位",
        unit="个",
        queryset=units_created,
        breakdowns=(("kind", "单位类型"),),
        list_columns=(("name", "单位名称"),),
        definition="当年建档的单位数。",
        order=10,
        unit_path="pk",
    ),
    FigureDef(
        key="t.schools",
        section="文明校园创建",
        label="当年命名学校",
        unit="所",
        queryset=schools_created,
        definition="当年建档的学校数。",
        order=20,
    ),
    FigureDef(
        key="t.hours",
        section="志愿服务",
        label="志愿服务时长",
        unit="小时",
        queryset=job_points,
        sum_field="progress",
        definition="当年确认的服务时长之和。",
        order=30,
    ),
]


@pytest.fixture
def test_figures(monkeypatch):
    monkeypatch.setattr(registry, "_FIGURES", {f.key: f for f in FIGURES})
    monkeypatch.setattr(registry, "_DUE_SOURCES", [])
    return FIGURES


def make_unit(region, *, kind="党政机关", year=YEAR):
    unit = UnitFactory(region=region, kind=kind)
    Unit.objects.filter(pk=unit.pk).update(created_at=timezone.make_aware(dt.datetime(year, 5, 1, 9, 0)))
    return unit


def make_hours(region, hours, *, year=YEAR):
    job = JobRun.objects.create(kind="t", label="t", region=region, progress=hours)
    JobRun.objects.filter(pk=job.pk).update(created_at=timezone.make_aware(dt.datetime(year, 6, 1, 9, 0)))


@pytest.fixture
def data(world, test_figures):
    """梁园区: 2 schools + 1 office in 2025 (1 office in 2024), 30 + 12 hours;
    睢阳区: 1 school, 5 hours."""
    r = world.regions
    make_unit(r.county_a, kind="学校")
    make_unit(r.town_a, kind="学校")
    make_unit(r.county_a)
    make_unit(r.county_a, year=2024)
    make_unit(r.county_b, kind="学校")
    make_hours(r.county_a, 30)
    make_hours(r.town_a, 12)
    make_hours(r.county_b, 5)
    make_hours(r.county_b, 50, year=2024)
    return SimpleNamespace(world=world, regions=r)


def due(key, day, region, kind="文明称号到期", done=False):
    return DueItem(
        key=key, kind=kind, title=f"{kind}{key}", due_date=day, recipient_ids=(), region_id=region.pk, done=done
    )
