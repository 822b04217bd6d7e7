"""Journey 1: public registration — clear Chinese errors and nothing saved for bad input,
anti-flooding, and approval by the team's leader."""

import datetime as dt
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from core.models import StateLog
from volunteers.models import Volunteer

from .factories import id_number_for

URL = reverse("volunteers_public:register")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _token(age=10):
    return signing.dumps({"t": time.time() - age}, salt="volunteer-register")


def _post(client, vworld, **overrides):
    data = {
        "name": "王小燕",
        "id_number": id_number_for("411402", dt.date(1995, 8, 9), "女"),
        "sex": "女",
        "birth_date": "1995-08-09",
        "phone": "13912345678",
        "political_status": "共青团员",
        "region": vworld.r.county_a.pk,
        "team": vworld.team_a.pk,
        "skills": "摄影",
        "consent": "on",
        "website": "",
        "token": _token(),
    }
    data.update(overrides)
    return client.post(URL, data)


def test_registration_page_shows_consent_text_without_login(client, vworld):
    resp = client.get(URL)
    assert resp.status_code == 200
    text = resp.content.decode()
    assert "个人信息处理说明" in text and "保存不超过3年" in text and "梁园区党员志愿服务队" in text


def test_valid_registration_creates_a_pending_volunteer(client, vworld):
    resp = _post(client, vworld)
    assert resp.status_code == 302
    v = Volunteer.objects.get(name="王小燕")
    assert v.status == Volunteer.Status.PENDING and v.team == vworld.team_a
    assert v.birth_date == dt.date(1995, 8, 9) and v.sex == "女" and v.consent_at is not None


def test_lowercase_x_and_spaces_are_normalized_for_exact_search(client, vworld):
    number = next(
        n
        for n in (id_number_for("411402", dt.date(1995, 8, d), "女") for d in range(1, 29) for _ in range(30))
        if n.endswith("X")
    )
    birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    _post(client, vworld, id_number=" " + number.lower() + " ", birth_date=birth)
    assert Volunteer.objects.filter(id_number=number).exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"id_number": "411402199508090021"}, "校验位错误"),
        ({"sex": "男"}, "性别与身份证号不符"),
        ({"birth_date": "1995-08-10"}, "出生日期与身份证号不符"),
        ({"phone": "1391234567"}, "手机号码格式不正确"),
        ({"phone": "12345678901"}, "手机号码格式不正确"),
        ({"phone": "0370-1234567"}, "手机号码格式不正确"),
        ({"consent": ""}, "请阅读并同意个人信息处理说明"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_saves_nothing(client, vworld, overrides, message):
    before = Volunteer.objects.count()
    resp = _post(client, vworld, **overrides)
    assert resp.status_code == 200
    assert message in resp.content.decode()
    assert Volunteer.objects.count() == before


def test_duplicate_id_number_is_refused(client, vworld):
    resp = _post(client, vworld, id_number=vworld.vol_a.id_number, birth_date=vworld.vol_a.birth_date.isoformat())
    assert "该身份证号已注册" in resp.content.decode()
    assert Volunteer.objects.filter(id_number=vworld.vol_a.id_number).count() == 1


def test_honeypot_looks_successful_but_saves_nothing(client, vworld):
    resp = _post(client, vworld, website="http://spam.example")
    assert resp.status_code == 302
    assert not Volunteer.objects.filter(name="王小燕").exists()


def test_too_fast_submission_is_refused(client, vworld):
    resp = _post(client, vworld, token=_token(age=0))
    assert "提交过快" in resp.content.decode()
    assert not Volunteer.objects.filter(name="王小燕").exists()


def test_flooding_from_one_address_is_throttled(client, vworld):
    for _ in range(20):
        _post(client, vworld, id_number="bad")
    resp = _post(client, vworld)
    assert "提交次数过多" in resp.content.decode()
    assert not Volunteer.objects.filter(name="王小燕").exists()


def test_leader_approves_pending_registration_and_an_account_is_opened(client_for, vworld):
    pending = Volunteer.objects.create(
        name="赵敏",
        id_number=id_number_for("411402", dt.date(1992, 1, 3), "女"),
        sex="女",
        birth_date=dt.date(1992, 1, 3),
        phone="13700000001",
        region=vworld.r.county_a,
        team=vworld.team_a,
    )
    client = client_for(vworld.leader_a)
    resp = client.post(reverse("volunteers:review"), {"ids": [pending.pk], "action": "approve"}, follow=True)
    pending.refresh_from_db()
    assert pending.status == Volunteer.Status.APPROVED and pending.user is not None
    assert "初始密码" in resp.content.decode()
    assert StateLog.objects.filter(object_id=pending.pk, transition="approve", by=vworld.leader_a).exists()


def test_leader_cannot_approve_another_teams_registration(client_for, vworld):
    other = Volunteer.objects.create(
        name="钱多",
        id_number=id_number_for("411403", dt.date(1993, 2, 4), "男"),
        sex="男",
        birth_date=dt.date(1993, 2, 4),
        phone="13700000002",
        region=vworld.r.county_b,
        team=vworld.team_b,
    )
    client_for(vworld.leader_a).post(reverse("volunteers:review"), {"ids": [other.pk], "action": "approve"})
    other.refresh_from_db()
    assert other.status == Volunteer.Status.PENDING


def test_rejected_cannot_be_rejected_again(vworld):
    from core.workflow import TransitionError
    from volunteers.services import volunteer_reject

    v = vworld.vol_a
    with pytest.raises(TransitionError):
        volunteer_reject(volunteer=v, by=vworld.leader_a)  # approved → reject is not a transition


def test_official_cannot_approve(client_for, vworld):
    resp = client_for(vworld.w.official).post(
        reverse("volunteers:review"), {"ids": [vworld.vol_a.pk], "action": "approve"}
    )
    assert resp.status_code == 403


def test_same_id_submitted_twice_at_once_gets_the_duplicate_message(vworld, monkeypatch):
    """The duplicate check passed for both requests; the unique index catches the second."""
    from django.core.exceptions import ValidationError

    from volunteers.services import registration

    number = id_number_for("411402", dt.date(1994, 6, 6), "男")

    def racing_check(n):
        # The other request saves between this one's duplicate check and its insert.
        Volunteer.objects.create(
            name="先到者", id_number=n, sex="男", birth_date=dt.date(1994, 6, 6), phone="1", region=vworld.r.county_a
        )
        return False

    monkeypatch.setattr(registration, "_already_registered", racing_check)
    with pytest.raises(ValidationError) as exc:
        registration.volunteer_register(
            name="后到者", id_number=number, phone="13912340000", region=vworld.r.county_a, consent=True
        )
    assert "该身份证号已注册" in exc.value.message_dict["id_number"][0]
    assert list(Volunteer.objects.filter(id_number=number).values_list("name", flat=True)) == ["先到者"]


def test_bad_phone_formats_are_refused_and_good_ones_normalized(vworld):
    from django.core.exceptions import ValidationError

    from volunteers.services.registration import clean_mobile

    assert clean_mobile("+86 139-1234-5678") == "13912345678"
    assert clean_mobile("１３９１２３４５６７８") == "13912345678"
    assert clean_mobile("0370-1234567") == "0370-1234567"  # rosters and service requests keep landlines
    for bad in ("12345678901", "1391234567a", "139123456789", "", "0370-12"):
        with pytest.raises(ValidationError):
            clean_mobile(bad)
    with pytest.raises(ValidationError):
        clean_mobile("0370-1234567", allow_landline=False)
