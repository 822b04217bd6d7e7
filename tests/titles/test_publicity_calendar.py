"""Publicity in working days into a year whose holidays are not known: the admin action
answers with the Chinese refusal and nothing is written (never a 500)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from titles.models import AppStatus, PublicityBatch
from titles.services import consultation as consult_svc

from .conftest import make_app

pytestmark = pytest.mark.django_db


def test_start_publicity_into_an_unknown_year_is_a_message_not_a_500(tw, client_for):
    app = make_app(tw, state="征求意见")
    for consultation in app.consultations.all():
        consult_svc.consultation_answer(consultation=consultation, answer="同意", by=tw.city_staff)
    response = client_for(tw.city_staff).post(
        reverse("admin:titles_titleapplication_changelist"),
        {
            "action": "act_start_publicity",
            ACTION_CHECKBOX_NAME: [app.pk],
            "apply": "1",
            "region": tw.regions.city.pk,
            "title": "2027年度第一批文明单位拟命名名单公示",
            "start_date": "2027-02-01",
            "days": "5",
            "working_days": "on",
            "how_to_object": "书面实名反映",
        },
    )
    assert response.status_code in (200, 302)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(m.startswith("尚未录入2027年法定节假日安排") for m in shown), shown
    app.refresh_from_db()
    assert app.status == AppStatus.CONSULTING and not PublicityBatch.objects.exists()
