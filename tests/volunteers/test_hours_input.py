"""Hours typed by a team leader go through the hours form: odd values are a Chinese form
error that changes nothing; six confirmations of one event at once give each record once."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from volunteers.models import ServiceRecord, ServiceRequest, SignUp, Volunteer
from volunteers.services import request_create, service_hours_confirm

from .factories import VolunteerFactory

ODD = ["NaN", "inf", "-Infinity", "1e999", "-1", "abc", "25"]


@pytest.fixture
def signed_up(vworld):
    vols = [vworld.vol_a, VolunteerFactory(team=vworld.team_a, name="王芳")]
    for v in vols:
        SignUp.objects.create(event=vworld.event_a, volunteer=v)
    return vols


@pytest.mark.parametrize("raw", ODD)
def test_odd_hours_on_the_event_page_are_a_form_error_and_keep_the_other_values(vworld, signed_up, client_for, raw):
    url = reverse("volunteers:event_detail", args=[vworld.event_a.pk])
    good, bad = signed_up
    response = client_for(vworld.leader_a).post(url, {f"hours_{good.pk}": "3", f"hours_{bad.pk}": raw})
    page = response.content.decode()
    assert response.status_code == 200
    assert "服务时长未保存" in page and ("服务时长应为数字" in page or "服务时长应为0至24小时" in page)
    assert f'name="hours_{good.pk}" value="3"' in page and f'value="{raw}"' in page
    assert not ServiceRecord.objects.exists()
    assert Volunteer.objects.get(pk=good.pk).total_hours == 0


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "1e999"])
def test_the_service_refuses_odd_hours_from_any_caller(vworld, signed_up, raw):
    with pytest.raises(ValidationError):
        service_hours_confirm(event=vworld.event_a, hours={signed_up[0].pk: raw}, by=vworld.leader_a)
    assert not ServiceRecord.objects.exists()


def test_valid_hours_through_the_page_are_confirmed(vworld, signed_up, client_for):
    url = reverse("volunteers:event_detail", args=[vworld.event_a.pk])
    a, b = signed_up
    response = client_for(vworld.leader_a).post(url, {f"hours_{a.pk}": " 2.5 ", f"hours_{b.pk}": ""})
    assert response.status_code == 302
    assert list(ServiceRecord.objects.values_list("volunteer_id", "hours")) == [(a.pk, Decimal("2.5"))]


@pytest.mark.skipif("connection.vendor == 'sqlite'", reason="SQLite has no row locks: CI's PostgreSQL run proves this")
@pytest.mark.django_db(transaction=True)
def test_six_concurrent_confirmations_of_one_event_give_each_record_once(vworld, signed_up):
    url = reverse("volunteers:event_detail", args=[vworld.event_a.pk])
    data = {f"hours_{v.pk}": "3" for v in signed_up}
    barrier, statuses, errors = threading.Barrier(6), [], []

    def confirm():
        client = Client(raise_request_exception=True)
        client.force_login(vworld.leader_a)
        barrier.wait()
        try:
            statuses.append(client.post(url, data).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and statuses == [302] * 6
    assert ServiceRecord.objects.filter(event=vworld.event_a).count() == 2
    assert [Volunteer.objects.get(pk=v.pk).total_hours for v in signed_up] == [Decimal("3.0")] * 2


def test_leader_closing_a_never_matched_request_gets_a_chinese_message(vworld, client_for):
    need = request_create(
        title="独居老人上门陪护", description="每周一次", category="扶老助残",
        requester="某社区居委会", contact_phone="13600001111", region=vworld.r.county_a,
    )
    url = reverse("volunteers:request_detail", args=[need.pk])
    response = client_for(vworld.leader_a).post(url, {"action": "close", "hours": "2"}, follow=True)
    assert response.status_code == 200 and "该需求尚未对接志愿者，不能完成" in response.content.decode()
    need.refresh_from_db()
    assert need.status == ServiceRequest.Status.OPEN and not ServiceRecord.objects.exists()


@pytest.mark.parametrize(
    "data", [{"action": "close", "hours": "NaN"}, {"action": "match", "volunteers": ["abc"]}, {"action": "x"}]
)
def test_odd_request_posts_are_messages_not_500(vworld, client_for, data):
    need = request_create(
        title="楼道清理", description="杂物多", category="环境保护",
        requester="王女士", contact_phone="13600002222", region=vworld.r.county_a,
    )
    url = reverse("volunteers:request_detail", args=[need.pk])
    response = client_for(vworld.leader_a).post(url + "?team=abc", data, follow=True)
    assert response.status_code == 200
    need.refresh_from_db()
    assert need.status == ServiceRequest.Status.OPEN
