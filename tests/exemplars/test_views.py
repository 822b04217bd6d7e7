"""Portal and public pages end to end: liaison nominates, the public form's flood
protection, staff batch actions in the admin, opening a round."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import CampaignKind
from core.registry import todos_for
from exemplars.models import Nomination, NominationFile, NominationSource, NominationStatus, SelectionRound
from exemplars.views import public

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 15)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def form_data(world, **extra):
    return {
        "category": "助人为乐",
        "nominee_name": "王守信",
        "sex": "男",
        "age": "52",
        "unit_or_address": "梁园区平原路街道",
        "region": world.regions.county_a.pk,
        "deeds": "二十年义务修理家电。",
        **extra,
    }


def test_liaison_nominates_from_portal_and_sees_status(world, client_for, city_round, on_day):
    client = client_for(world.liaison_a)
    with on_day(DAY):
        assert "推荐" in " ".join(t.title for t in todos_for(world.liaison_a))
        url = reverse("exemplars:nominate", args=[city_round.pk])
        response = client.post(url, form_data(world, unit=world.unit_a.pk))
    n = Nomination.objects.get()
    assert response.status_code == 302 and response.url == reverse("exemplars:nomination", args=[n.pk])
    assert (n.source, n.nominator_unit, n.status) == (NominationSource.UNIT, world.unit_a, NominationStatus.SUBMITTED)
    assert "待初审" in client.get(reverse("exemplars:index")).content.decode()


def test_liaison_cannot_post_for_other_unit(world, client_for, city_round, on_day):
    with on_day(DAY):
        response = client_for(world.liaison_a).post(
            reverse("exemplars:nominate", args=[city_round.pk]), form_data(world, unit=world.unit_b.pk)
        )
    assert response.status_code == 200 and not Nomination.objects.exists()


def test_closed_round_is_not_found_for_liaison(world, client_for, city_round, on_day):
    with on_day(dt.date(2025, 5, 1)):
        assert client_for(world.liaison_a).get(reverse("exemplars:nominate", args=[city_round.pk])).status_code == 404


def test_public_form_goes_to_screening(world, client, city_round, on_day):
    cache.clear()
    with on_day(DAY):
        response = client.post(
            reverse("exemplars_public:nominate", args=[city_round.pk]),
            form_data(world, nominator_name="赵群众", nominator_phone="13912345678"),
        )
    assert response.status_code == 302
    n = Nomination.objects.get()
    assert (n.source, n.status, n.nominator_phone, n.submitted_ip) == (
        "public",
        "submitted",
        "13912345678",
        "127.0.0.1",
    )


def test_public_form_honeypot_stores_nothing(world, client, city_round, on_day):
    cache.clear()
    with on_day(DAY):
        response = client.post(
            reverse("exemplars_public:nominate", args=[city_round.pk]),
            form_data(world, nominator_name="bot", nominator_phone="13912345678", website="http://spam.example"),
        )
    assert response.status_code == 302 and not Nomination.objects.exists()


def test_public_form_rate_limit_per_ip(world, client, city_round, on_day, monkeypatch):
    cache.clear()
    monkeypatch.setattr(public, "NOMINATIONS_PER_IP_PER_HOUR", 2)
    url = reverse("exemplars_public:nominate", args=[city_round.pk])
    with on_day(DAY):
        for i in range(3):
            response = client.post(
                url, form_data(world, nominee_name=f"人{i}", nominator_name="赵", nominator_phone="13912345678")
            )
    assert Nomination.objects.count() == 2
    assert "提交过于频繁" in response.content.decode()


def test_public_form_404_when_round_not_open(world, client, city_round, on_day):
    with on_day(dt.date(2025, 6, 1)):
        assert client.get(reverse("exemplars_public:nominate", args=[city_round.pk])).status_code == 404


def test_staff_open_round_in_admin(world, client_for):
    response = client_for(world.city_staff).post(
        reverse("admin:exemplars_selectionround_add"),
        {
            "name": "第九届商丘市道德模范评选", "year": "2026", "level": "市级", "region": world.regions.city.pk,
            "kind": "道德模范", "categories_text": "", "nomination_start": "2026-03-01", "nomination_end": "2026-03-31",
            "places": "10", "publicity_days": "7", "honour_level": "市级", "public_nomination": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302
    r = SelectionRound.objects.get()
    assert r.categories == ["助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲"]
    assert (r.campaign.kind, r.campaign.region, r.campaign.name) == (
        CampaignKind.SELECTION,
        world.regions.city,
        "第九届商丘市道德模范评选",
    )


def test_round_dates_checked_in_admin_form(world, client_for):
    response = client_for(world.city_staff).post(
        reverse("admin:exemplars_selectionround_add"),
        {
            "name": "x", "year": "2026", "level": "市级", "region": world.regions.city.pk, "kind": "身边好人",
            "nomination_start": "2026-03-31", "nomination_end": "2026-03-01", "places": "10", "publicity_days": "7",
            "honour_level": "市级",
        },
    )  # fmt: skip
    assert response.status_code == 200 and "推荐截止日期不能早于开始日期" in response.content.decode()
    assert not SelectionRound.objects.exists()


def test_county_staff_cannot_open_round_for_the_city(world):
    from django.core.exceptions import PermissionDenied

    from exemplars import services

    with pytest.raises(PermissionDenied):
        services.round_open(name="x", year=2026, region=world.regions.city, level="市级", kind="身边好人",
                            nomination_start=DAY, nomination_end=DAY, honour_level="市级", by=world.county_a_staff)  # fmt: skip


def test_admin_batch_accept_and_reject_with_reason(world, client_for, nominate):
    a, b = nominate(), nominate()
    client = client_for(world.city_staff)
    url = reverse("admin:exemplars_nomination_changelist")
    client.post(url, {"action": "accept", "_selected_action": [a.pk]})
    form = client.post(url, {"action": "reject", "_selected_action": [b.pk]})
    assert "原因" in form.content.decode()
    client.post(url, {"action": "reject", "_selected_action": [b.pk], "apply": "1", "reason": "不符合条件"})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status, b.reject_reason) == ("reviewing", "rejected", "不符合条件")


def test_admin_batch_error_changes_nothing(world, client_for, nominate):
    a, b = nominate(), nominate()
    client = client_for(world.city_staff)
    url = reverse("admin:exemplars_nomination_changelist")
    client.post(url, {"action": "accept", "_selected_action": [a.pk]})
    response = client.post(url, {"action": "accept", "_selected_action": [a.pk, b.pk]}, follow=True)
    assert "当前状态" in response.content.decode()
    b.refresh_from_db()
    assert b.status == "submitted"


def test_admin_assign_reviewers_in_bulk(world, client_for, nominate):
    from exemplars import services

    ns = [nominate() for _ in range(3)]
    for n in ns:
        services.nomination_accept(nomination=n, by=world.city_staff)
    client_for(world.city_staff).post(
        reverse("admin:exemplars_nomination_changelist"),
        {
            "action": "assign_reviewers",
            "_selected_action": [n.pk for n in ns],
            "apply": "1",
            "reviewers": [world.reviewer.pk],
        },
    )
    assert world.reviewer.exemplar_reviews.count() == 3
    assert len([t for t in todos_for(world.reviewer) if t.status == "待评审"]) == 3


def test_staff_todos_show_screening_queue(world, nominate):
    nominate()
    nominate()
    titles = [t.title for t in todos_for(world.city_staff)]
    assert any("2条推荐待初审" in t for t in titles)
    assert not any("待初审" in t.title for t in todos_for(world.county_b_staff))


def _post_public(client, url, world, ip, phone, name):
    return client.post(
        url, form_data(world, nominee_name=name, nominator_name="赵", nominator_phone=phone), REMOTE_ADDR=ip
    )


def test_public_form_flood_is_blocked_at_the_real_limits(world, client, city_round):
    """No patched limits: 5 an hour and 20 a day from one IP, 10 a day from one phone."""
    cache.clear()
    url = reverse("exemplars_public:nominate", args=[city_round.pk])
    noon = dt.datetime(2025, 3, 15, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(noon, tick=False) as traveller:
        for i in range(public.NOMINATIONS_PER_IP_PER_HOUR):
            assert _post_public(client, url, world, "10.0.0.1", f"1390000000{i}", f"甲{i}").status_code == 302
        refused = _post_public(client, url, world, "10.0.0.1", "13900000009", "甲多")
        assert refused.status_code == 200 and "提交过于频繁" in refused.content.decode()
        assert Nomination.objects.count() == 5
        # another network is not blocked by the first one
        assert _post_public(client, url, world, "10.0.0.2", "13911111111", "乙").status_code == 302
        # next hours: 5 more each, until the daily cap of 20 for the IP
        for hour in (1, 2, 3):
            traveller.shift(dt.timedelta(hours=1, minutes=1))
            for i in range(5):
                phone = f"137{hour:02d}00000{i}"
                assert _post_public(client, url, world, "10.0.0.1", phone, f"丙{hour}{i}").status_code == 302
        traveller.shift(dt.timedelta(hours=1, minutes=1))
        assert "提交过于频繁" in _post_public(client, url, world, "10.0.0.1", "13600000000", "丁").content.decode()
        assert Nomination.objects.filter(submitted_ip="10.0.0.1").count() == public.NOMINATIONS_PER_IP_PER_DAY
        # one nominator phone from many networks: 10 a day
        for i in range(public.NOMINATIONS_PER_PHONE_PER_DAY):
            assert _post_public(client, url, world, f"10.9.0.{i}", "13500000000", f"戊{i}").status_code == 302
        assert "提交过于频繁" in _post_public(client, url, world, "10.9.1.1", "13500000000", "戊多").content.decode()
    assert Nomination.objects.filter(nominator_phone="13500000000").count() == 10
    assert Nomination.objects.count() == 20 + 1 + 10


def test_refused_flood_submission_stores_no_files(world, client, city_round, on_day):
    cache.clear()
    url = reverse("exemplars_public:nominate", args=[city_round.pk])
    with on_day(DAY):
        for i in range(5):
            _post_public(client, url, world, "10.0.0.7", f"1390000000{i}", f"甲{i}")
        photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
        data = form_data(world, nominee_name="多", nominator_name="赵", nominator_phone="13912345678", photos=photo)
        response = client.post(url, data, REMOTE_ADDR="10.0.0.7")
    assert "提交过于频繁" in response.content.decode()
    assert not NominationFile.objects.exists() and Nomination.objects.count() == 5


def test_nomination_files_are_private_and_permission_checked(world, client, client_for, city_round, on_day):
    """Photos uploaded from the public form: no public URL; the office of the nominee's
    region, the assigned reviewer and the nominating unit's liaison may download; others get 404."""
    from exemplars import services

    cache.clear()
    url = reverse("exemplars_public:nominate", args=[city_round.pk])
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    with on_day(DAY):
        client.post(url, form_data(world, nominator_name="赵", nominator_phone="13912345678", photos=photo))
    f = NominationFile.objects.get()
    assert f.kind == "photo" and f.original_name == "现场.png"
    assert not f.file.name.startswith("/") and "现场" not in f.file.name
    download = reverse("exemplars:file", args=[f.pk])
    assert client.get(download).status_code == 302  # anonymous: to the login page
    for user, status in [(world.city_staff, 200), (world.county_a_staff, 200), (world.county_b_staff, 404),
                         (world.liaison_a, 404), (world.reviewer, 404)]:  # fmt: skip
        response = client_for(user).get(download)
        assert response.status_code == status, user
        if status == 200:
            assert b"".join(response.streaming_content) == PNG
            assert response["Cache-Control"] == "private, no-store"
    n = f.nomination
    services.nomination_accept(nomination=n, by=world.city_staff)
    services.reviewers_assign(nominations=[n], reviewers=[world.reviewer], by=world.city_staff)
    assert client_for(world.reviewer).get(download).status_code == 200
