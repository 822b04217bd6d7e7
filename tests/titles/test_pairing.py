"""Pairing (结对帮扶) shows on the application — for the liaison, for staff in admin and
for the assigned reviewer — with its dated records."""

import datetime as dt

import pytest
from django.urls import reverse

from titles.services import pairing as pairing_svc

from .conftest import make_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def paired(tw):
    pairing = pairing_svc.pairing_create(
        unit=tw.unit_a, partner=tw.unit_a2, started_on=dt.date(2025, 3, 1), goals="志愿服务进社区", by=tw.liaison_a
    )
    pairing_svc.pairing_record_add(
        pairing=pairing, date=dt.date(2025, 6, 5), content="端午节走访慰问困难群众", people=18, by=tw.liaison_a
    )
    return pairing


def test_pairing_and_its_records_show_on_the_application_everywhere(tw, paired, client_for):
    app = make_app(tw, state="考评中")
    expected = ["梁园区某街道社区", "2025年3月1日", "端午节走访慰问困难群众"]
    liaison = client_for(tw.liaison_a).get(reverse("titles:application", args=[app.pk])).content.decode()
    staff = client_for(tw.city_staff).get(reverse("admin:titles_titleapplication_change", args=[app.pk])).content
    assignment = app.assignments.get()
    reviewer = client_for(tw.reviewer).get(reverse("titles:review_detail", args=[assignment.pk])).content.decode()
    for body in (liaison, staff.decode(), reviewer):
        assert all(text in body for text in expected[:1]) and "端午节走访慰问困难群众" in body
    assert "2025年6月5日" in liaison and "18人次" in liaison


def test_pairing_only_with_a_village_or_community(tw):
    from core.workflow import TransitionError

    with pytest.raises(TransitionError, match="应为村或社区"):
        pairing_svc.pairing_create(unit=tw.unit_a, partner=tw.unit_b, started_on=dt.date(2025, 3, 1), by=tw.liaison_a)
    with pytest.raises(TransitionError, match="无权"):
        pairing_svc.pairing_create(unit=tw.unit_a, partner=tw.unit_a2, started_on=dt.date(2025, 3, 1), by=tw.liaison_b)
