"""Journey 4: staff roster — filters, masking, logged reveals and exports, scoping,
read-only officials, and constant query counts on list pages."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from core.models import PersonalDataLog
from core.privacy import mask_id_number

from .factories import VolunteerFactory


def test_roster_is_masked_for_staff_without_permission(client_for, vworld):
    text = client_for(vworld.w.city_staff).get(reverse("volunteers:list")).content.decode()
    assert mask_id_number(vworld.vol_a.id_number) in text
    assert vworld.vol_a.id_number not in text and vworld.vol_a.phone not in text


def test_reveal_requires_permission_and_is_logged(client_for, vworld):
    url = reverse("volunteers:detail", args=[vworld.vol_a.pk])
    assert client_for(vworld.w.city_staff).post(url, {"reveal": "1"}).status_code == 403
    resp = client_for(vworld.w.revealer).post(url, {"reveal": "1"})
    assert vworld.vol_a.id_number in resp.content.decode()
    log = PersonalDataLog.objects.get(action="reveal")
    assert log.user == vworld.w.revealer and vworld.vol_a.name in log.target


def test_export_is_masked_by_default_logged_and_escaped(client_for, vworld):
    VolunteerFactory(team=vworld.team_a, name="=cmd|' /C calc'!A0")
    VolunteerFactory(team=vworld.team_a, name="+1+1", skills="x")
    VolunteerFactory(team=vworld.team_a, name="-2+3")
    VolunteerFactory(team=vworld.team_a, name="@SUM(A1)")
    resp = client_for(vworld.w.city_staff).get(reverse("volunteers:export"))
    ws = load_workbook(io.BytesIO(resp.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert mask_id_number(vworld.vol_a.id_number) in values and vworld.vol_a.id_number not in values
    assert "'=cmd|' /C calc'!A0" in values
    assert {"'+1+1", "'-2+3", "'@SUM(A1)"} <= set(values)
    assert PersonalDataLog.objects.filter(action="export", count=6).exists()
    assert client_for(vworld.w.city_staff).get(reverse("volunteers:export") + "?plain=1").status_code == 403
    plain = client_for(vworld.w.revealer).get(reverse("volunteers:export") + "?plain=1")
    values = [c for row in load_workbook(io.BytesIO(plain.content)).active.iter_rows(values_only=True) for c in row]
    assert vworld.vol_a.id_number in values
    assert PersonalDataLog.objects.filter(action="export", detail__startswith="明文").exists()


def test_filters_by_team_political_status_and_star(client_for, vworld):
    VolunteerFactory(team=vworld.team_a, name="党员甲", political_status="中共党员", star=2)
    client = client_for(vworld.w.city_staff)
    text = client.get(reverse("volunteers:list"), {"political_status": "中共党员", "star": 2}).content.decode()
    assert "党员甲" in text and vworld.vol_a.name not in text
    text = client.get(reverse("volunteers:list"), {"team": vworld.team_b.pk}).content.decode()
    assert vworld.vol_b.name in text and vworld.vol_a.name not in text


def test_county_staff_sees_only_their_county(client_for, vworld):
    client = client_for(vworld.w.county_b_staff)
    text = client.get(reverse("volunteers:list")).content.decode()
    assert vworld.vol_b.name in text and vworld.vol_a.name not in text
    assert client.get(reverse("volunteers:detail", args=[vworld.vol_a.pk])).status_code == 404


def test_leader_and_volunteer_and_liaison_access(client_for, vworld):
    assert client_for(vworld.leader_a).get(reverse("volunteers:detail", args=[vworld.vol_b.pk])).status_code == 404
    assert client_for(vworld.leader_a).get(reverse("volunteers:detail", args=[vworld.vol_a.pk])).status_code == 200
    assert client_for(vworld.leader_a).get(reverse("volunteers:list")).status_code == 403
    assert client_for(vworld.w.liaison_a).get(reverse("volunteers:list")).status_code == 403
    assert client_for(vworld.vol_user).get(reverse("volunteers:event_new")).status_code == 403


def test_official_reads_but_cannot_write(client_for, vworld):
    client = client_for(vworld.w.official)
    assert client.get(reverse("volunteers:list")).status_code == 200
    assert client.post(reverse("volunteers:event_new"), {}).status_code == 403


def test_roster_and_leader_pages_have_constant_query_counts(client_for, vworld, django_assert_max_num_queries):
    from volunteers.models import SignUp

    for _ in range(30):
        v = VolunteerFactory(team=vworld.team_a)
        SignUp.objects.create(event=vworld.event_a, volunteer=v)
        VolunteerFactory(team=vworld.team_a, status="pending")
    staff = client_for(vworld.w.city_staff)
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("volunteers:list")).status_code == 200
    leader = client_for(vworld.leader_a)
    with django_assert_max_num_queries(16):
        assert leader.get(reverse("volunteers:index")).status_code == 200
    with django_assert_max_num_queries(16):
        assert leader.get(reverse("volunteers:event_detail", args=[vworld.event_a.pk])).status_code == 200
