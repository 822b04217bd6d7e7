"""Journey 6: a need is posted, a team leader matches volunteers, and closes it with hours."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.workflow import TransitionError
from volunteers.models import ServiceRecord, ServiceRequest
from volunteers.services import request_close, request_create, request_match

from .factories import VolunteerFactory


@pytest.fixture
def need(vworld):
    return request_create(
        title="独居老人上门陪护",
        description="每周一次",
        category="扶老助残",
        requester="某社区居委会",
        contact_phone="13600001111",
        region=vworld.r.county_a,
    )


def test_public_can_post_a_need(client, vworld):
    from django.core.cache import cache

    cache.clear()
    resp = client.post(
        reverse("volunteers_public:post_request"),
        {
            "title": "楼道清理",
            "category": "环境保护",
            "description": "杂物多",
            "requester": "王女士",
            "contact_phone": "13600002222",
            "region": vworld.r.county_a.pk,
            "website": "",
        },
    )
    assert resp.status_code == 200 and ServiceRequest.objects.filter(title="楼道清理").exists()


def test_match_then_close_credits_each_volunteer(vworld, need):
    second = VolunteerFactory(team=vworld.team_a)
    request_match(service_request=need, team=vworld.team_a, volunteers=[vworld.vol_a, second], by=vworld.leader_a)
    assert need.status == ServiceRequest.Status.MATCHED and need.team == vworld.team_a
    request_close(service_request=need, hours="2", by=vworld.leader_a)
    need.refresh_from_db()
    assert need.status == ServiceRequest.Status.CLOSED and need.hours_served == Decimal("2")
    vworld.vol_a.refresh_from_db()
    assert vworld.vol_a.total_hours == Decimal("2")
    assert ServiceRecord.objects.filter(source="request").count() == 2


def test_cannot_close_an_open_request_or_match_other_teams_volunteers(vworld, need):
    with pytest.raises(ValidationError):
        request_match(service_request=need, team=vworld.team_a, volunteers=[vworld.vol_b], by=vworld.leader_a)
    need.team = vworld.team_a
    with pytest.raises(TransitionError):
        request_close(service_request=need, hours="2", by=vworld.leader_a)


def test_other_leader_cannot_match_for_a_team_they_do_not_lead(vworld, need):
    with pytest.raises(PermissionDenied):
        request_match(service_request=need, team=vworld.team_a, volunteers=[vworld.vol_a], by=vworld.leader_b)


def test_leader_sees_open_needs_of_their_county_and_matches_through_the_page(client_for, vworld, need):
    client = client_for(vworld.leader_a)
    assert need.title in client.get(reverse("volunteers:requests")).content.decode()
    url = reverse("volunteers:request_detail", args=[need.pk])
    page = client.get(url).content.decode()
    assert vworld.vol_a.name in page
    client.post(url, {"action": "match", "team": vworld.team_a.pk, "volunteers": [vworld.vol_a.pk]})
    need.refresh_from_db()
    assert need.status == ServiceRequest.Status.MATCHED
    assert client_for(vworld.leader_b).get(url).status_code == 404
    assert client_for(vworld.w.official).post(url, {"action": "close", "hours": "2"}).status_code == 403
