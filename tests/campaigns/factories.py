"""Factories and small builders for campaign tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import (
    AssignmentRole,
    Campaign,
    Evidence,
    Indicator,
    IndicatorFramework,
    Task,
    TaskAssignment,
)

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"2025年全国文明城市创建{n}")
    kind = "文明城市创建"
    level = "全国"
    year = 2025
    status = Campaign.Status.ACTIVE


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorFramework

    campaign = factory.SubFactory(CampaignFactory)
    name = "全国文明城市测评体系"


def indicator(framework, code, text=None, points="0", method=""):
    level = code.count(".") + 1
    parent = Indicator.objects.get(framework=framework, code=code.rsplit(".", 1)[0]) if level > 1 else None
    if level == 3 and not method:
        method = "材料审核"
    return Indicator.objects.create(
        framework=framework,
        code=code,
        level=level,
        parent=parent,
        text=text or f"指标{code}",
        points=Decimal(points),
        method=method,
    )


def tree(framework, codes_points: dict[str, str]):
    """tree(fw, {"1.1.1": "2", "1.1.2": "3"}) creates the leaves and their parents."""
    made = {}
    for code, points in codes_points.items():
        parts = code.split(".")
        for n in (1, 2):
            c = ".".join(parts[:n])
            if c not in made and not Indicator.objects.filter(framework=framework, code=c).exists():
                made[c] = indicator(framework, c)
        made[code] = indicator(framework, code, points=points)
    return made


def task(ind, lead, co=(), deadline=dt.date(2025, 6, 30)):
    t = Task.objects.create(indicator=ind, deadline=deadline)
    TaskAssignment.objects.create(task=t, unit=lead, role=AssignmentRole.LEAD)
    for u in co:
        TaskAssignment.objects.create(task=t, unit=u, role=AssignmentRole.CO)
    return t


def evidence(assignment, status=Evidence.Status.SUBMITTED, **kw):
    return Evidence.objects.create(assignment=assignment, status=status, text=kw.pop("text", "已完成"), **kw)


def xlsx_file(rows, name="体系.xlsx", title=None):
    from .workbooks import xlsx_bytes

    return SimpleUploadedFile(
        name, xlsx_bytes(rows, title=title), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def pdf_upload(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_upload(name="照片.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")
