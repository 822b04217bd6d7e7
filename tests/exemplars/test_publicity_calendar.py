"""先进典型公示 in working days into a year whose holidays are not known: refused in
Chinese in the admin, nobody moves into publicity."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from exemplars import services
from exemplars.models import NominationStatus

pytestmark = pytest.mark.django_db


def test_start_publicity_into_an_unknown_year_is_a_message(world, nominate, city_round, client_for):
    city_round.publicity_days, city_round.publicity_working_days = 5, True
    city_round.save()
    n = nominate(nominee_name="赵公示")
    services.nomination_accept(nomination=n, by=world.city_staff)
    response = client_for(world.city_staff).post(
        reverse("admin:exemplars_nomination_changelist"),
        {"action": "start_publicity", ACTION_CHECKBOX_NAME: [n.pk], "apply": "1", "start": "2027-02-01"},
    )
    assert response.status_code in (200, 302)
    shown = [str(m) for m in get_messages(response.wsgi_request)] + [response.content.decode()]
    assert any("尚未录入2027年法定节假日安排" in m for m in shown)
    n.refresh_from_db()
    assert n.status == NominationStatus.REVIEWING and n.publicity_start is None
