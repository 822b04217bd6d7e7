"""Titles fixtures on top of the shared personas (tests/conftest.py `world`)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from titles.models import Criterion, EvaluationSystem, Level, TitleCategory
from titles.services import applications as apps_svc
from titles.services import consultation as consult_svc
from titles.services import publicity as pub_svc
from titles.services import reviews as review_svc

YEAR = 2025
PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def tw(world):
    """World + a category, a city evaluation system (3 criteria, 30 points)."""
    cat = TitleCategory.objects.create(name="文明单位", term_years=3)
    system = EvaluationSystem.objects.create(
        region=world.regions.city, category=cat, year=YEAR, name="2025年度文明单位测评体系"
    )
    crits = [
        Criterion.objects.create(system=system, code=c, name=n, max_points=Decimal(m), order=i)
        for i, (c, n, m) in enumerate([("1", "思想道德建设", 10), ("2", "志愿服务", 10), ("3", "结对帮扶", 10)])
    ]
    return SimpleNamespace(**vars(world), cat=cat, system=system, crits=crits, world=world)


def fill(app, by, points=8):
    apps_svc.application_save_items(
        application=app,
        items={c.pk: (points, f"{c.name}工作扎实") for c in app.system.criteria.all()},
        summary="简述",
        by=by,
    )


def make_app(tw, *, unit=None, by=None, state="草稿", level=Level.CITY):
    """An application moved through the real services up to `state`."""
    unit = unit or tw.unit_a
    by = by or tw.liaison_a
    app = apps_svc.application_create(
        unit=unit, category=tw.cat, level=level, year=YEAR, by=by if unit == tw.unit_a else tw.city_staff
    )
    if state == "草稿":
        return app
    fill(app, tw.city_staff)
    apps_svc.application_submit(application=app, by=tw.city_staff)
    if state == "已提交":
        return app
    if state == "退回":
        apps_svc.application_return(application=app, reason="请补充材料", by=tw.city_staff)
        return app
    apps_svc.application_start_assessment(application=app, by=tw.city_staff)
    review_svc.reviewers_assign(applications=[app], reviewers=[tw.reviewer], by=tw.city_staff)
    if state == "考评中":
        return app
    assignment = app.assignments.get(reviewer=tw.reviewer)
    review_svc.review_submit(assignment=assignment, scores={c.pk: 9 for c in tw.crits}, comment="好", by=tw.reviewer)
    consults = consult_svc.consultation_start(application=app, departments=["纪检监察", "生态环境"], by=tw.city_staff)
    if state == "征求意见":
        return app
    for c in consults:
        consult_svc.consultation_answer(consultation=c, answer="同意", by=tw.city_staff)
    if state == "公示中":
        pub_svc.publicity_start(
            region=tw.regions.city,
            title="公示",
            start_date=dt.date(YEAR, 11, 3),
            days=5,
            working_days=True,
            how_to_object="电话 0370-1234567",
            applications=[app],
            by=tw.city_staff,
        )
        app.refresh_from_db()
        return app
    raise ValueError(state)
