"""网络投票: one vote per device per nominee per day, cache limits, honeypot."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from exemplars import services
from exemplars.models import PublicVote
from exemplars.services import voting

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(world, nominate, city_round):
    cache.clear()
    city_round.public_voting = True
    city_round.save()
    n = nominate(nominee_name="候选人")
    services.nomination_accept(nomination=n, by=world.city_staff)
    return n


def test_one_vote_per_device_per_nominee_per_day(candidate, on_day):
    with on_day(dt.date(2025, 4, 10)):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip="10.0.0.1")
        with pytest.raises(services.VoteRefused, match="今天已为该人选投过票"):
            services.public_vote_cast(nomination=candidate, voter_key="dev1", ip="10.0.0.1")
        services.public_vote_cast(nomination=candidate, voter_key="dev2", ip="10.0.0.1")
    with on_day(dt.date(2025, 4, 11)):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip="10.0.0.1")
    assert PublicVote.objects.filter(nomination=candidate).count() == 3


def test_day_follows_shanghai_time_not_utc(candidate):
    import time_machine

    # 2025-04-10 23:30 in Shanghai is 15:30 UTC; 00:30 next day in Shanghai is 16:30 UTC.
    with time_machine.travel(dt.datetime(2025, 4, 10, 15, 30, tzinfo=dt.UTC), tick=False):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip=None)
    with time_machine.travel(dt.datetime(2025, 4, 10, 16, 30, tzinfo=dt.UTC), tick=False):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip=None)
    assert list(PublicVote.objects.order_by("day").values_list("day", flat=True)) == [
        dt.date(2025, 4, 10),
        dt.date(2025, 4, 11),
    ]


def test_per_ip_limit_per_nominee(candidate, on_day, monkeypatch):
    monkeypatch.setattr(voting, "VOTES_PER_IP_PER_NOMINEE_PER_DAY", 3)
    with on_day(dt.date(2025, 4, 10)):
        for k in range(3):
            services.public_vote_cast(nomination=candidate, voter_key=f"d{k}", ip="10.9.9.9")
        with pytest.raises(services.VoteRefused, match="该网络"):
            services.public_vote_cast(nomination=candidate, voter_key="d9", ip="10.9.9.9")
        services.public_vote_cast(nomination=candidate, voter_key="d9", ip="10.9.9.10")


def test_per_device_daily_limit(world, candidate, nominate, on_day, monkeypatch):
    monkeypatch.setattr(voting, "VOTES_PER_DEVICE_PER_DAY", 1)
    other = nominate(nominee_name="另一位")
    services.nomination_accept(nomination=other, by=world.city_staff)
    with on_day(dt.date(2025, 4, 10)):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip=None)
        with pytest.raises(services.VoteRefused, match="上限"):
            services.public_vote_cast(nomination=other, voter_key="dev1", ip=None)


def test_honeypot_missing_cookie_and_voting_off_are_refused(candidate, city_round):
    with pytest.raises(services.VoteRefused):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip=None, honeypot="http://spam")
    with pytest.raises(services.VoteRefused):
        services.public_vote_cast(nomination=candidate, voter_key="", ip=None)
    city_round.public_voting = False
    city_round.save()
    candidate.refresh_from_db()
    with pytest.raises(services.VoteRefused, match="不在投票期"):
        services.public_vote_cast(nomination=candidate, voter_key="dev1", ip=None)
    assert not PublicVote.objects.exists()


def test_vote_page_sets_device_cookie_and_second_vote_same_day_is_refused(client, candidate, city_round):
    page = client.get(reverse("exemplars_public:vote", args=[city_round.pk]))
    assert page.status_code == 200 and "候选人" in page.content.decode() and "civ_voter" in page.cookies
    url = reverse("exemplars_public:vote_cast", args=[city_round.pk, candidate.pk])
    first = client.post(url, follow=True).content.decode()
    second = client.post(url, follow=True).content.decode()
    assert "投票成功" in first and "今天已为该人选投过票" in second
    assert PublicVote.objects.count() == 1
