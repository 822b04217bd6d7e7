"""Staff pages in the admin: objections, hardship statistics, festival list, care visits."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exemplars import services
from exemplars.models import CareVisit, HardshipReport, NominationStatus, Objection
from exemplars.reminders import round_deadlines_due
from tests.exemplars.factories import ExemplarFactory

pytestmark = pytest.mark.django_db


def test_objection_recorded_and_resolved_in_admin(world, client_for, nominate):
    n = nominate(nominee_name="异议对象")
    services.nomination_accept(nomination=n, by=world.city_staff)
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    client = client_for(world.city_staff)
    bad = client.post(
        reverse("admin:exemplars_objection_add"), {"nomination": n.pk, "received_on": "2025-05-01", "content": "x"}
    )
    assert bad.status_code == 200 and "收到日期" in bad.content.decode()
    client.post(
        reverse("admin:exemplars_objection_add"),
        {"nomination": n.pk, "received_on": "2025-05-07", "content": "反映事迹不实"},
    )
    objection = Objection.objects.get()
    assert objection.recorded_by == world.city_staff
    url = reverse("admin:exemplars_objection_changelist")
    client.post(
        url,
        {"action": "resolve", "_selected_action": [objection.pk], "apply": "1", "upheld": "on", "resolution": "属实"},
    )
    n.refresh_from_db()
    assert n.status == NominationStatus.NOT_SELECTED


def test_hardship_statistics_page_export_and_report(world, client_for):
    e = ExemplarFactory(region=world.regions.county_a, hardship=True, hardship_since=dt.date(2025, 1, 1))
    CareVisit.objects.create(exemplar=e, date=dt.date(2025, 1, 20), visitors="文明办", amount=1000)
    client = client_for(world.city_staff)
    url = reverse("admin:exemplars_hardship_stats") + "?year=2025&half=1"
    body = client.get(url).content.decode()
    assert "梁园区" in body and "1000.00" in body
    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][0] == "区划" and rows[-1] == ["合计", 1, 1, 1, 1, 1000.0]
    client.post(url)
    report = HardshipReport.objects.get()
    assert (report.region, report.year, report.half) == (world.regions.city, 2025, 1)


def test_county_staff_statistics_cannot_be_asked_for_another_county(world, client_for):
    client = client_for(world.county_a_staff)
    response = client.get(reverse("admin:exemplars_hardship_stats") + f"?region={world.regions.county_b.code}")
    assert response.status_code == 404
    own = client.get(reverse("admin:exemplars_hardship_stats"))
    assert own.status_code == 200 and "梁园区" in own.context["title"]


def test_festival_list_to_bulk_visit(world, client_for, on_day):
    a = ExemplarFactory(name="困难甲", region=world.regions.county_a, hardship=True)
    client = client_for(world.city_staff)
    page = client.get(reverse("admin:exemplars_festival_visits") + "?festival=春节&year=2025").content.decode()
    assert "困难甲" in page
    url = reverse("admin:exemplars_exemplar_changelist")
    form = client.post(url, {"action": "record_visit", "_selected_action": [a.pk]})
    assert "慰问人" in form.content.decode()
    with on_day(dt.date(2025, 1, 20)):
        client.post(url, {"action": "record_visit", "_selected_action": [a.pk], "apply": "1", "date": "2025-01-20",
                          "festival": "春节", "visitors": "市文明办", "given": "米面油", "amount": "500"})  # fmt: skip
    assert CareVisit.objects.get().recorded_by == world.city_staff
    page = client.get(reverse("admin:exemplars_festival_visits") + "?festival=春节&year=2025").content.decode()
    assert "困难甲" not in page


def test_round_reminders(world, city_round, nominate):
    items = list(round_deadlines_due(dt.date(2025, 3, 25), dt.date(2025, 4, 5)))
    (closing,) = [i for i in items if i.key.startswith("exemplars.nomination_window")]
    assert closing.due_date == dt.date(2025, 3, 31) and world.city_staff.pk in closing.recipient_ids
    n = nominate()
    services.nomination_accept(nomination=n, by=world.city_staff)
    services.publicity_start(nominations=[n], start=dt.date(2025, 5, 6), by=world.city_staff)
    items = list(round_deadlines_due(dt.date(2025, 5, 1), dt.date(2025, 5, 20)))
    (ending,) = [i for i in items if i.key.startswith("exemplars.publicity_end")]
    assert ending.due_date == dt.date(2025, 5, 12) and ending.kind == "公示期结束"


def test_exemplar_with_honours_and_nominations_cannot_be_deleted(world, client_for, nominate):
    e = ExemplarFactory(region=world.regions.county_a)
    e.honours.create(title="好人", level="市级", category="助人为乐", year=2024)
    bare = ExemplarFactory(region=world.regions.county_a)
    n = nominate()
    client = client_for(world.city_staff)
    assert client.get(reverse("admin:exemplars_exemplar_delete", args=[e.pk])).status_code == 403
    assert client.get(reverse("admin:exemplars_exemplar_delete", args=[bare.pk])).status_code == 200
    assert client.get(reverse("admin:exemplars_nomination_delete", args=[n.pk])).status_code == 403


def test_festival_and_statistics_pages_do_not_query_per_row(world, client_for):
    from tests.exemplars.helpers import assert_rows_do_not_add_queries

    def more():
        for region in (world.regions.county_a, world.regions.county_b, world.regions.town_a):
            e = ExemplarFactory(region=region, hardship=True, hardship_reason="因病")
            e.honours.create(title="好人", level="市级", category="助人为乐", year=2024)
            CareVisit.objects.create(exemplar=e, date=dt.date(2025, 3, 1), visitors="文明办")

    more()
    client = client_for(world.city_staff)
    assert_rows_do_not_add_queries(
        client, reverse("admin:exemplars_festival_visits") + "?festival=春节&year=2025", more
    )
    assert_rows_do_not_add_queries(client, reverse("admin:exemplars_hardship_stats") + "?year=2025&half=1", more)
