"""Journey 2: events, sign-ups and bulk confirmation of hours; time bank and stars
updated incrementally for the volunteers concerned only."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from volunteers.models import ServiceEvent, ServiceRecord, SignUp, StarThreshold, Volunteer
from volunteers.services import event_create, service_hours_confirm, signup_create, star_for_hours

from .factories import VolunteerFactory


def test_star_thresholds_default_scheme():
    assert [star_for_hours(h) for h in (0, 99.9, 100, 299, 300, 600, 999, 1000, 1500, 9000)] == [
        0,
        0,
        1,
        1,
        2,
        3,
        3,
        4,
        5,
        5,
    ]


def test_leader_creates_event_for_own_team_only(vworld):
    start = timezone.now() + dt.timedelta(days=3)
    kwargs = dict(
        title="敬老院关爱老人",
        category="扶老助残",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="梁园区敬老院",
        places=10,
    )
    event = event_create(team=vworld.team_a, by=vworld.leader_a, **kwargs)
    assert event.team == vworld.team_a
    with pytest.raises(PermissionDenied):
        event_create(team=vworld.team_b, by=vworld.leader_a, **kwargs)


def test_bulk_confirmation_credits_time_bank_and_star(vworld):
    event = vworld.event_a
    vols = [vworld.vol_a] + [VolunteerFactory(team=vworld.team_a) for _ in range(3)]
    for v in vols:
        SignUp.objects.create(event=event, volunteer=v)
    Volunteer.objects.filter(pk=vworld.vol_a.pk).update(total_hours=Decimal("98"))
    n = service_hours_confirm(event=event, hours={v.pk: "3" for v in vols}, by=vworld.leader_a)
    assert n == 4
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == Decimal("101.0") and vworld.vol_a.star == 1
    assert ServiceRecord.objects.filter(event=event).count() == 4


def test_correcting_hours_applies_the_difference_only(vworld):
    event = vworld.event_a
    SignUp.objects.create(event=event, volunteer=vworld.vol_a)
    service_hours_confirm(event=event, hours={vworld.vol_a.pk: "4"}, by=vworld.leader_a)
    service_hours_confirm(event=event, hours={vworld.vol_a.pk: "2.5"}, by=vworld.leader_a)
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == Decimal("2.5")
    service_hours_confirm(event=event, hours={vworld.vol_a.pk: ""}, by=vworld.leader_a)
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == 0 and not ServiceRecord.objects.filter(event=event).exists()


def test_confirmation_touches_only_the_volunteers_concerned(vworld):
    others = [VolunteerFactory(team=vworld.team_a, total_hours=Decimal("150"), star=0) for _ in range(5)]
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: "2"}, by=vworld.leader_a)
    # Stars are not recomputed for everyone: the others keep their (stale) stored star.
    assert all(Volunteer.objects.get(pk=o.pk).star == 0 for o in others)


def test_regional_thresholds_apply(vworld):
    StarThreshold.objects.create(region=vworld.r.county_a, star1=50, star2=200, star3=500, star4=800, star5=1000)
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    Volunteer.objects.filter(pk=vworld.vol_a.pk).update(total_hours=Decimal("198"))
    service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: "3"}, by=vworld.leader_a)
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.star == 2


def test_hours_for_volunteer_not_signed_up_are_refused(vworld):
    with pytest.raises(ValidationError):
        service_hours_confirm(event=vworld.event_a, hours={vworld.vol_b.pk: "2"}, by=vworld.leader_a)
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "25"])
def test_bad_hours_are_refused(vworld, value):
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    with pytest.raises(ValidationError):
        service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: value}, by=vworld.leader_a)


def test_other_leader_cannot_confirm_and_future_event_cannot_be_confirmed(vworld):
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    with pytest.raises(PermissionDenied):
        service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: "2"}, by=vworld.leader_b)
    ServiceEvent.objects.filter(pk=vworld.event_a.pk).update(starts_at=timezone.now() + dt.timedelta(days=1))
    vworld.event_a.refresh_from_db()
    with pytest.raises(ValidationError):
        service_hours_confirm(event=vworld.event_a, hours={vworld.vol_a.pk: "2"}, by=vworld.leader_a)


def test_signup_is_limited_by_places_and_once(vworld):
    vworld.event_a.places = 1
    vworld.event_a.save()
    signup_create(event=vworld.event_a, volunteer=vworld.vol_a)
    with pytest.raises(ValidationError):
        signup_create(event=vworld.event_a, volunteer=VolunteerFactory(team=vworld.team_a))


def test_event_page_bulk_form_confirms_hours(client_for, vworld):
    SignUp.objects.create(event=vworld.event_a, volunteer=vworld.vol_a)
    client = client_for(vworld.leader_a)
    url = reverse("volunteers:event_detail", args=[vworld.event_a.pk])
    resp = client.post(url, {f"hours_{vworld.vol_a.pk}": "3"})
    assert resp.status_code == 302
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == Decimal("3")


def test_event_page_scoping(client_for, vworld):
    url = reverse("volunteers:event_detail", args=[vworld.event_a.pk])
    assert client_for(vworld.leader_b).get(url).status_code == 404
    assert client_for(vworld.w.county_b_staff).get(url).status_code == 404
    assert client_for(vworld.w.official).get(url).status_code == 200
    assert client_for(vworld.w.official).post(url, {}).status_code == 403


def test_changing_a_regions_thresholds_rederives_only_that_regions_stars(vworld):
    from volunteers.services.hours import star_thresholds_apply

    Volunteer.objects.filter(pk__in=[vworld.vol_a.pk, vworld.vol_b.pk]).update(total_hours=Decimal("250"), star=1)
    threshold = StarThreshold.objects.create(
        region=vworld.r.county_a, star1=100, star2=200, star3=500, star4=800, star5=1000
    )
    assert star_thresholds_apply(threshold=threshold) == 1
    assert Volunteer.objects.get(pk=vworld.vol_a.pk).star == 2
    assert Volunteer.objects.get(pk=vworld.vol_b.pk).star == 1
