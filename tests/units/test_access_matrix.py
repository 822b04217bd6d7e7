"""Role × URL matrix: who reaches what; other regions' and units' objects give 404;
read-only roles cannot write."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, url_name, expected",
    [
        ("city_staff", "admin:index", 200),
        ("county_a_staff", "admin:index", 200),
        ("liaison_a", "admin:index", 302),  # not staff: sent to the admin login
        ("official", "admin:index", 302),
        ("reviewer", "admin:index", 302),
        ("liaison_a", "portal:home", 200),
        ("official", "dashboards:home", 302),
    ],
)
def test_who_reaches_which_entry(world, client_for, persona, url_name, expected):
    response = client_for(getattr(world, persona)).get(reverse(url_name))
    assert response.status_code == expected


@pytest.mark.django_db
def test_home_sends_each_role_to_its_place(world, client_for):
    assert client_for(world.city_staff).get(reverse("home")).url == reverse("admin:index")
    assert client_for(world.liaison_a).get(reverse("home")).url == reverse("portal:home")
    assert client_for(world.official).get(reverse("home")).url == reverse("dashboards:home")


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_county_staff_admin_lists_only_own_county(world, client_for):
    client = client_for(world.county_a_staff)
    body = client.get(reverse("admin:units_unit_changelist")).content.decode()
    assert "梁园区教育局" in body and "睢阳区教育局" not in body
    assert client.get(reverse("admin:units_unit_change", args=[world.unit_b.pk])).status_code == 302  # not found
    assert client.get(reverse("admin:units_unit_change", args=[world.unit_a.pk])).status_code == 200


@pytest.mark.django_db
def test_county_staff_cannot_see_sibling_region_or_users(world, client_for):
    client = client_for(world.county_a_staff)
    regions = client.get(reverse("admin:units_region_changelist") + "?q=睢阳区").content.decode()
    assert "411403" not in regions
    users = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "liaison_a" in users and "liaison_b" not in users and "county_b_staff" not in users


@pytest.mark.django_db
def test_staff_cannot_grant_superuser(world, client_for):
    body = client_for(world.city_staff).get(reverse("admin:auth_user_change", args=[world.liaison_a.pk])).content
    assert b'name="is_superuser"' not in body


@pytest.mark.django_db
def test_liaison_unit_page_and_other_unit_404(world, client_for):
    client = client_for(world.liaison_a)
    page = client.get(reverse("portal:unit_detail", args=[world.unit_a.pk]))
    assert page.status_code == 200 and "梁园区教育局" in page.content.decode()
    assert client.get(reverse("portal:unit_detail", args=[world.unit_b.pk])).status_code == 404


@pytest.mark.django_db
def test_liaison_home_shows_unit_and_empty_todos(world, client_for):
    body = client_for(world.liaison_a).get(reverse("portal:home")).content.decode()
    assert "梁园区教育局" in body and "睢阳区教育局" not in body
    assert "待办" in body


@pytest.mark.django_db
def test_official_region_page_is_read_only_and_scoped(world, client_for):
    client = client_for(world.official)
    page = client.get(reverse("dashboards:region", args=["4114"]))
    assert page.status_code == 200
    assert client.post(reverse("dashboards:region", args=["4114"])).status_code == 405
    assert client.get(reverse("dashboards:region", args=["4101"])).status_code == 404  # 郑州市: not theirs
    assert client.get(reverse("admin:units_unit_changelist")).status_code == 302


@pytest.mark.django_db
def test_county_official_cannot_open_sibling_county(world, client_for):
    from core.roles import Role
    from tests.factories import make_user

    official = make_user("county_official", [Role.OFFICIAL], region=world.regions.county_a)
    client = client_for(official)
    assert client.get(reverse("dashboards:region", args=["411402"])).status_code == 200
    assert client.get(reverse("dashboards:region", args=["411403"])).status_code == 404


@pytest.mark.django_db
def test_official_holds_only_view_permissions(world):
    perms = world.official.get_all_permissions()
    assert perms and all(p.split(".")[1].startswith("view_") for p in perms)
    assert not world.city_staff.has_perm("core.reveal_personal_data")
    assert world.revealer.has_perm("core.reveal_personal_data")
