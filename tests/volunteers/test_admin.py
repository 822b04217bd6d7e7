"""Journey 4 in the Django admin: teams as a tree with host unit and leaders, the volunteer
list with region/team filters (only the user's own), masked numbers, logged reveals, one
ID validator, and no query per row."""

import datetime as dt

from core.models import PersonalDataLog
from core.privacy import mask_id_number, mask_phone

from .factories import TeamFactory, VolunteerFactory, id_number_for

VOLUNTEERS = "/admin/volunteers/volunteer/"
TEAMS = "/admin/volunteers/team/"


def test_team_tree_lists_each_branch_under_its_corps_with_host_unit_and_leaders(client_for, vworld):
    corps = TeamFactory(name="梁园区志愿服务总队", region=vworld.r.county_a, host_unit=vworld.w.unit_a)
    branch = TeamFactory(name="梁园区志愿服务总队第一分队", region=vworld.r.county_a, parent=corps)
    others = [TeamFactory(name=n, region=vworld.r.county_a) for n in ("梁园区a队", "梁园区青年队", "梁园区z队")]
    vworld.team_a.parent = corps
    vworld.team_a.save()
    text = client_for(vworld.w.city_staff).get(TEAMS).content.decode()
    body = text[text.index('id="result_list"') :]
    start = body.index(">梁园区志愿服务总队<")
    end = max(body.index(f"└ {vworld.team_a.name}<"), body.index(f"└ {branch.name}<"))
    assert start < end
    for other in others:  # no other root team between the 总队 and its 分队
        assert not start < body.index(f">{other.name}<") < end
    assert vworld.w.unit_a.name in text and vworld.leader_a.get_username() in text
    assert "负责人" in text


def test_county_staff_sees_only_their_teams(client_for, vworld):
    text = client_for(vworld.w.county_b_staff).get(TEAMS).content.decode()
    assert vworld.team_b.name in text and vworld.team_a.name not in text


def test_volunteer_list_is_masked_and_filters_by_region_and_team(client_for, vworld):
    client = client_for(vworld.w.city_staff)
    text = client.get(VOLUNTEERS).content.decode()
    assert mask_id_number(vworld.vol_a.id_number) in text and vworld.vol_a.id_number not in text
    assert mask_phone(vworld.vol_a.phone) in text and vworld.vol_a.phone not in text
    text = client.get(VOLUNTEERS, {"region_code": vworld.r.county_b.code}).content.decode()
    assert vworld.vol_b.name in text and vworld.vol_a.name not in text
    text = client.get(VOLUNTEERS, {"team": vworld.team_a.pk}).content.decode()
    assert vworld.vol_a.name in text and vworld.vol_b.name not in text


def test_team_filter_offers_only_teams_in_the_users_region(client_for, vworld):
    text = client_for(vworld.w.county_a_staff).get(VOLUNTEERS).content.decode()
    assert vworld.team_a.name in text and vworld.team_b.name not in text


def test_change_page_hides_numbers_without_permission_and_logs_reveals(client_for, vworld):
    url = f"{VOLUNTEERS}{vworld.vol_a.pk}/change/"
    text = client_for(vworld.w.city_staff).get(url).content.decode()
    assert vworld.vol_a.id_number not in text and mask_id_number(vworld.vol_a.id_number) in text
    assert not PersonalDataLog.objects.exists()
    text = client_for(vworld.w.revealer).get(url).content.decode()
    assert vworld.vol_a.id_number in text
    assert PersonalDataLog.objects.filter(user=vworld.w.revealer, action="reveal").count() == 1


def test_other_countys_volunteer_is_404_in_admin(client_for, vworld):
    resp = client_for(vworld.w.county_b_staff).get(f"{VOLUNTEERS}{vworld.vol_a.pk}/change/")
    assert resp.status_code in (302, 404)  # admin redirects to the list with "不存在"
    assert vworld.vol_a.name not in client_for(vworld.w.county_b_staff).get(VOLUNTEERS).content.decode()


def test_admin_add_uses_the_one_id_validator(client_for, vworld):
    client = client_for(vworld.w.revealer)
    good = id_number_for("411402", dt.date(1988, 8, 8), "男")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = {
        "name": "后台录入",
        "id_number": bad,
        "phone": "13700001111",
        "political_status": "群众",
        "region": vworld.r.county_a.pk,
        "team": vworld.team_a.pk,
        "source": "staff",
        "registered_at_0": "2024-01-01",
        "registered_at_1": "09:00:00",
    }
    resp = client.post(f"{VOLUNTEERS}add/", data)
    assert "身份证号校验位错误" in resp.content.decode()
    resp = client.post(f"{VOLUNTEERS}add/", {**data, "id_number": good.lower()})
    assert resp.status_code == 302, resp.content.decode()[-3000:]
    from volunteers.models import Volunteer

    v = Volunteer.objects.get(name="后台录入")
    assert v.id_number == good and v.sex == "男" and v.birth_date == dt.date(1988, 8, 8)


def test_admin_lists_have_constant_query_counts(client_for, vworld, django_assert_max_num_queries):
    for _ in range(40):
        VolunteerFactory(team=vworld.team_a)
    for i in range(15):
        TeamFactory(name=f"分队{i}", region=vworld.r.county_a, parent=vworld.team_a, leaders=[vworld.leader_a])
    client = client_for(vworld.w.city_staff)
    with django_assert_max_num_queries(25):
        assert client.get(VOLUNTEERS).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(TEAMS).status_code == 200
