"""Redis unreachable: the cache is django-redis on a closed port, as in production with
REDIS_URL pointing at a dead server. Login, the public forms and certificate look-up
still work (sessions from the database, the citizen's row saved); flood limits are
counted in the database instead of failing open; a database error is the Chinese page."""

import datetime as dt
import time

import pytest
import time_machine
from django.core import signing
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from core.flood import Limit, over_limit
from core.models import FloodHit
from exemplars.models import Nomination
from tests.exemplars.factories import CampaignFactory, RoundFactory
from tests.exemplars.test_views import form_data
from tests.volunteers.factories import TeamFactory, id_number_for
from volunteers.models import ServiceRequest, Volunteer

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6390/4",  # nothing listens here
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.5},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DEAD_REDIS
    from django.core.cache import cache

    assert cache.add("probe", 1) is None  # really unreachable, and failing open


@pytest.fixture
def team(world):
    return TeamFactory(name="梁园区党员志愿服务队", region=world.regions.county_a, host_unit=world.unit_a)


def _need(region, title="楼道清理"):
    return {
        "title": title,
        "category": "环境保护",
        "description": "杂物多",
        "requester": "王女士",
        "contact_phone": "13600002222",
        "region": region.pk,
        "website": "",
    }


def test_login_works_and_the_session_is_read_back_from_the_database(world, client, redis_down):
    response = client.post(reverse("login"), {"username": "liaison_a", "password": "Test@pass123"})
    assert response.status_code == 302
    assert client.get(reverse("home"), follow=True).context["user"] == world.liaison_a


def test_staff_log_in_and_open_the_admin(world, client, redis_down):
    client.post(reverse("login"), {"username": "city_staff", "password": "Test@pass123"})
    assert client.get(reverse("admin:index")).status_code == 200


def test_public_service_request_is_saved(world, client, team, redis_down):
    response = client.post(reverse("volunteers_public:post_request"), _need(world.regions.county_a))
    assert response.status_code == 200
    assert ServiceRequest.objects.filter(title="楼道清理").count() == 1


def test_public_registration_is_saved(world, client, team, redis_down):
    birth = dt.date(1995, 8, 9)
    response = client.post(
        reverse("volunteers_public:register"),
        {
            "name": "王小燕",
            "id_number": id_number_for("411402", birth, "女"),
            "sex": "女",
            "birth_date": birth.isoformat(),
            "phone": "13912345678",
            "political_status": "共青团员",
            "region": world.regions.county_a.pk,
            "team": team.pk,
            "consent": "on",
            "website": "",
            "token": signing.dumps({"t": time.time() - 10}, salt="volunteer-register"),
        },
    )
    assert response.status_code == 302
    assert Volunteer.objects.filter(name="王小燕", status=Volunteer.Status.PENDING).count() == 1


def test_public_nomination_is_saved(world, client, redis_down):
    selection_round = RoundFactory(campaign=CampaignFactory(region=world.regions.city))
    with time_machine.travel(dt.datetime(2025, 3, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        response = client.post(
            reverse("exemplars_public:nominate", args=[selection_round.pk]),
            form_data(world, nominator_name="赵群众", nominator_phone="13912345678"),
        )
    assert response.status_code == 302
    assert Nomination.objects.filter(nominee_name="王守信", source="public").count() == 1


def test_certificate_verify_page_answers(world, client, redis_down):
    response = client.get(reverse("volunteers_public:verify"), {"number": "ZYZ-2025-000001"})
    assert response.status_code == 200


def test_flood_limit_still_refuses_when_counted_in_the_database(world, client, team, redis_down):
    url = reverse("volunteers_public:post_request")
    for i in range(10):  # the public need form allows 10 an hour from one address
        assert client.post(url, _need(world.regions.county_a, f"需求{i}")).status_code == 200
    refused = client.post(url, _need(world.regions.county_a, "第十一条"))
    assert "提交次数过多" in refused.content.decode()
    assert ServiceRequest.objects.count() == 10
    assert FloodHit.objects.filter(key="vol:request:127.0.0.1").count() == 10


def test_a_refused_attempt_uses_up_none_of_the_limits(db, redis_down):
    hour, day = Limit("t:h", 1, 3600), Limit("t:d", 5, 86400)
    assert over_limit(hour, day) is None
    assert over_limit(hour, day) == hour
    assert FloodHit.objects.filter(key="t:d").count() == 1


def test_limits_count_in_the_cache_while_it_is_up(db):
    lim = Limit("t:up", 2, 60)
    assert [over_limit(lim) for _ in range(3)] == [None, None, lim]
    assert not FloodHit.objects.exists()


def test_a_database_outage_in_a_view_is_a_chinese_503_to_retry(db, monkeypatch):
    from volunteers.views import public

    def down():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(public, "_registration_choices", down)
    response = Client(raise_request_exception=False).get(reverse("volunteers_public:register"))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    body = response.content.decode()
    assert "系统暂时不可用" in body and "请稍后刷新页面重试" in body


def test_a_bug_in_a_view_is_the_chinese_500_page(db, monkeypatch):
    from volunteers.views import public

    def broken():
        raise KeyError("bug")

    monkeypatch.setattr(public, "_registration_choices", broken)
    response = Client(raise_request_exception=False).get(reverse("volunteers_public:register"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统错误" in body and "请稍后再试" in body
