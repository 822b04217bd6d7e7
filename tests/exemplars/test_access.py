"""Scoping by region and unit, read-only officials, masking in lists and exports,
and query counts that do not grow with rows."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import PersonalDataLog
from exemplars import services
from tests.exemplars.factories import ExemplarFactory
from tests.exemplars.helpers import assert_rows_do_not_add_queries

pytestmark = pytest.mark.django_db
ID_A = "411402198001010011"


@pytest.fixture
def two_counties(world, nominate):
    a = nominate(nominee_name="梁园甲", id_number=ID_A, nominator_phone="13912345678")
    b = nominate(nominee_name="睢阳乙", region=world.regions.county_b, nominator_unit=world.unit_b)
    return a, b


def changelist(client):
    return client.get(reverse("admin:exemplars_nomination_changelist")).content.decode()


def test_county_office_sees_own_nominations_city_sees_both(world, client_for, two_counties):
    body = changelist(client_for(world.county_a_staff))
    assert "梁园甲" in body and "睢阳乙" not in body
    body = changelist(client_for(world.city_staff))
    assert "梁园甲" in body and "睢阳乙" in body


def test_sibling_county_gets_not_found(world, client_for, two_counties):
    a, b = two_counties
    client = client_for(world.county_a_staff)
    response = client.get(reverse("admin:exemplars_nomination_change", args=[b.pk]))
    assert response.status_code == 302 and response.url == reverse("admin:index")  # admin's "does not exist"
    assert client.get(reverse("exemplars:nomination", args=[b.pk])).status_code == 404
    assert client.get(reverse("exemplars:nomination", args=[a.pk])).status_code == 200


def test_sibling_county_staff_cannot_act_on_other_county(world, two_counties):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.nomination_accept(nomination=two_counties[0], by=world.county_b_staff)


def test_liaison_sees_only_own_unit_nominations(world, client_for, two_counties):
    a, b = two_counties
    client = client_for(world.liaison_a)
    body = client.get(reverse("exemplars:index")).content.decode()
    assert "梁园甲" in body and "睢阳乙" not in body
    assert client.get(reverse("exemplars:nomination", args=[b.pk])).status_code == 404
    assert client_for(world.liaison_b).get(reverse("exemplars:nomination", args=[a.pk])).status_code == 404


def test_official_reads_but_cannot_write(world, client_for, two_counties, city_round):
    client = client_for(world.official)
    assert client.get(reverse("exemplars:nomination", args=[two_counties[0].pk])).status_code == 200
    assert client.get(reverse("exemplars:ranking", args=[city_round.pk])).status_code == 200
    assert client.get(reverse("exemplars:nominate", args=[city_round.pk])).status_code == 403
    assignment_url = reverse("exemplars:review", args=[999])
    assert client.post(assignment_url, {"score": "90"}).status_code == 404


def test_anonymous_is_sent_to_login_from_portal(client, two_counties):
    response = client.get(reverse("exemplars:nomination", args=[two_counties[0].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_list_masks_id_for_staff_without_permission(world, client_for, two_counties):
    masked = changelist(client_for(world.county_a_staff))
    assert ID_A not in masked and "411402********0011" in masked
    revealed = changelist(client_for(world.revealer))
    assert ID_A in revealed


def test_change_page_hides_plain_fields_without_permission(world, client_for, two_counties):
    url = reverse("admin:exemplars_nomination_change", args=[two_counties[0].pk])
    body = client_for(world.county_a_staff).get(url).content.decode()
    assert ID_A not in body and "13912345678" not in body and "139****5678" in body
    assert not PersonalDataLog.objects.exists()
    body = client_for(world.revealer).get(url).content.decode()
    assert ID_A in body
    assert PersonalDataLog.objects.filter(user=world.revealer, action="reveal").count() == 1


def export(client, ids):
    response = client.post(
        reverse("admin:exemplars_nomination_changelist"), {"action": "export_xlsx", "_selected_action": ids}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_export_is_masked_scoped_and_logged(world, client_for, two_counties):
    a, b = two_counties
    client = client_for(world.county_a_staff)
    crafted = client.post(
        reverse("admin:exemplars_nomination_changelist"), {"action": "export_xlsx", "_selected_action": [a.pk, b.pk]}
    )
    assert crafted.status_code == 404  # 睢阳乙 is outside the county: the whole request is refused
    rows = export(client, [a.pk])
    assert len(rows) == 2
    assert rows[1][2] == "梁园甲" and rows[1][5] == "411402********0011" and rows[1][10] == "139****5678"
    log = PersonalDataLog.objects.get(user=world.county_a_staff)
    assert (log.action, log.count, log.detail) == ("export", 1, "脱敏")
    rows = export(client_for(world.revealer), [a.pk])
    assert rows[1][5] == ID_A


def test_exemplar_export_masks_for_county_staff(world, client_for):
    e = ExemplarFactory(region=world.regions.county_a, id_number=ID_A, phone="13912345678")
    response = client_for(world.county_a_staff).post(
        reverse("admin:exemplars_exemplar_changelist"), {"action": "export_xlsx", "_selected_action": [e.pk]}
    )
    row = [c.value for c in list(load_workbook(io.BytesIO(response.content)).active.iter_rows())[1]]
    assert row[2] == "411402********0011" and row[3] == "139****5678"


def test_admin_lists_do_not_query_per_row(world, client_for, nominate):
    client = client_for(world.city_staff)

    def more_nominations():
        for i in range(8):
            nominate(nominee_name=f"人{i}", nominator_unit=world.unit_a if i % 2 else None, source="public")

    nominate(nominee_name="首")
    assert_rows_do_not_add_queries(client, reverse("admin:exemplars_nomination_changelist"), more_nominations)

    def more_exemplars():
        for i in range(8):
            e = ExemplarFactory(region=world.regions.county_a)
            e.honours.create(title="好人", level="市级", category="助人为乐", year=2020 + i)

    ExemplarFactory(region=world.regions.county_b)
    assert_rows_do_not_add_queries(client, reverse("admin:exemplars_exemplar_changelist"), more_exemplars)


def test_public_and_liaison_pages_do_not_query_per_row(world, client, client_for, nominate, city_round):
    import datetime as dt

    city_round.places = 20
    city_round.save()

    def under_publicity():
        for i in range(5):
            n = nominate(nominee_name=f"公{i}")
            services.nomination_accept(nomination=n, by=world.city_staff)
            services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)

    under_publicity()
    assert_rows_do_not_add_queries(client, reverse("exemplars_public:publicity", args=[city_round.pk]), under_publicity)
    assert_rows_do_not_add_queries(
        client_for(world.liaison_a), reverse("exemplars:index"), lambda: [nominate() for _ in range(5)]
    )


def test_list_filters_name_only_rounds_and_years_the_office_sees(world, client_for, nominate):
    """睢阳区's own round never shows up in 梁园区's filters (names or years)."""
    from tests.exemplars.factories import CampaignFactory, RoundFactory

    nominate(nominee_name="梁园甲")
    other = RoundFactory(campaign=CampaignFactory(name="睢阳区自办好人评选", region=world.regions.county_b, year=2019))
    nominate(nominee_name="睢阳乙", round=other, region=world.regions.county_b, nominator_unit=world.unit_b)
    client = client_for(world.county_a_staff)
    body = client.get(reverse("admin:exemplars_nomination_changelist")).content.decode()
    assert "第八届商丘市道德模范评选" in body and "睢阳区自办好人评选" not in body
    body = client.get(reverse("admin:exemplars_objection_changelist")).content.decode()
    assert "睢阳区自办好人评选" not in body
    body = client_for(world.county_b_staff).get(reverse("admin:exemplars_selectionround_changelist")).content.decode()
    assert "睢阳区自办好人评选" in body and "?year=2019" in body and "year=2025" not in body


def test_exemplar_export_lists_honours_with_the_year_once(world, client_for):
    from exemplars.models import Honour

    e = ExemplarFactory(region=world.regions.county_a)
    Honour.objects.create(exemplar=e, title="2025年度商丘好人", level="市级", category="孝老爱亲", year=2025)
    Honour.objects.create(exemplar=e, title="中国好人榜", level="中国好人榜", category="孝老爱亲", year=2024)
    response = client_for(world.city_staff).post(
        reverse("admin:exemplars_exemplar_changelist"), {"action": "export_xlsx", "_selected_action": [e.pk]}
    )
    row = [c.value for c in list(load_workbook(io.BytesIO(response.content)).active.iter_rows())[1]]
    assert row[7] == "2025年度商丘好人（市级）；2024年中国好人榜（中国好人榜）"
