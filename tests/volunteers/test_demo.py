"""The demo volunteers: the login a visitor tries has a story that holds together."""

import pytest
from django.core.management import call_command
from django.db.models import Min

from volunteers.models import ServiceRecord, Volunteer


@pytest.mark.django_db
def test_demo_volunteer_login_registered_before_its_first_service(regions):
    call_command("seed_demo", "--scale", "demo", "--apps", "units,volunteers", verbosity=0)
    volunteer = Volunteer.objects.get(user__username="volunteer")
    first = ServiceRecord.objects.filter(volunteer=volunteer).aggregate(d=Min("service_date"))["d"]
    assert first is not None and volunteer.total_hours > 0
    assert volunteer.registered_at.date() < first
    assert volunteer.status == Volunteer.Status.APPROVED and volunteer.star >= 1
