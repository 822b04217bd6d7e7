"""The 500s the odd-input crawl found, one focused test each."""

import pytest
from django.urls import reverse

from core.forms import query_int, valid_model_value
from units.models import Unit


@pytest.fixture
def staff(world, client_for):
    return client_for(world.city_staff)


def test_history_page_with_a_non_numeric_id_is_404(world, staff):
    assert staff.get("/admin/units/unit/abc/history/").status_code == 404
    assert staff.get(f"/admin/units/unit/{world.unit_a.pk}/history/abc/").status_code == 404


def test_history_page_of_a_model_without_history_is_404(staff):
    assert staff.get("/admin/volunteers/servicerecord/1/history/").status_code == 404


def test_history_of_title_categories_with_a_non_numeric_id_is_404(staff):
    assert staff.get("/admin/titles/titlecategory/abc/history/").status_code == 404


def test_add_page_ignores_initial_values_that_do_not_fit_the_field(staff):
    assert staff.get("/admin/units/unit/add/", {"region": "abc", "name": "x"}).status_code == 200
    assert valid_model_value(Unit, "region", "abc") is False and valid_model_value(Unit, "name", "x") is True


def test_export_with_a_filter_that_is_no_field_redirects_with_a_message(staff):
    response = staff.get("/admin/units/unit/export/", {"by": "abc"}, follow=True)
    assert response.status_code == 200 and "筛选条件无效" in response.content.decode()


def test_application_change_page_with_a_non_numeric_id_is_no_500(staff):
    assert staff.get("/admin/titles/titleapplication/abc/change/").status_code in (302, 404)


@pytest.mark.parametrize("query", [{"year": "abc", "half": "9"}, {"year": "-1"}])
def test_hardship_stats_with_odd_year_or_half_shows_the_default(staff, query):
    assert staff.get(reverse("admin:exemplars_hardship_stats"), query).status_code == 200


@pytest.mark.parametrize("query", [{"festival": "abc"}, {"year": "abc"}])
def test_festival_visits_with_odd_festival_or_year_shows_the_default(staff, query):
    assert staff.get(reverse("admin:exemplars_festival_visits"), query).status_code == 200


@pytest.mark.parametrize("campaign", ["abc", "NaN", "1e999"])
def test_evidence_list_with_a_non_numeric_campaign_filter_is_no_500(staff, campaign):
    assert staff.get(reverse("admin:campaigns_evidence_changelist"), {"campaign": campaign}).status_code in (200, 302)


def test_query_int_falls_back_to_the_default():
    assert [query_int(v, 7, min_value=1, max_value=10) for v in ("abc", None, "99999", "-1", " 3 ")] == [7, 7, 7, 7, 3]
