"""Lists do not make a query per row: counts stay flat as rows grow."""

import datetime as dt

import pytest
from django.urls import reverse

from core.roles import Role
from tests.factories import UnitFactory, make_user
from titles.models import MaterialRequirement, Title
from titles.services import materials as mat_svc

from .conftest import YEAR, make_app, pdf

pytestmark = pytest.mark.django_db


def _many_apps(tw, n):
    for i in range(n):
        unit = UnitFactory(name=f"梁园区单位{i}", region=tw.regions.county_a)
        make_app(tw, unit=unit, state="考评中")


@pytest.mark.parametrize("n", [2, 12])
def test_application_changelist_query_count_is_flat(tw, client_for, django_assert_max_num_queries, n):
    _many_apps(tw, n)
    client = client_for(tw.city_staff)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("admin:titles_titleapplication_changelist")).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_title_changelist_query_count_is_flat(tw, client_for, django_assert_max_num_queries, n):
    for i in range(n):
        unit = UnitFactory(name=f"单位{i}", region=tw.regions.county_a)
        Title.objects.create(
            unit=unit, category=tw.cat, level="市级", conferred_year=YEAR, doc_number="d", term_end_year=YEAR + 2
        )
    client = client_for(tw.city_staff)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("admin:titles_title_changelist"), {"dynamic": "all"}).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_submission_changelist_and_matrix_query_count_is_flat(tw, client_for, django_assert_max_num_queries, n):
    req = MaterialRequirement.objects.create(
        region=tw.regions.city, year=YEAR, name="总结", due_date=dt.date(YEAR, 12, 1)
    )
    for i in range(n):
        unit = UnitFactory(name=f"单位{i}", region=tw.regions.county_a)
        mat_svc.material_upload(requirement=req, unit=unit, file=pdf(), by=tw.city_staff)
    client = client_for(tw.city_staff)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("admin:titles_materialsubmission_changelist")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("admin:titles_materials_completeness"), {"year": YEAR}).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_reviewer_list_query_count_is_flat(tw, client_for, django_assert_max_num_queries, n):
    _many_apps(tw, n)
    client = client_for(tw.reviewer)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("titles:review_list")).status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_liaison_home_query_count_is_flat(tw, client_for, django_assert_max_num_queries, n):
    liaison = make_user("liaison_many", [Role.LIAISON], region=tw.regions.county_a)
    for i in range(n):
        unit = UnitFactory(name=f"单位{i}", region=tw.regions.county_a)
        unit.liaisons.add(liaison)
        make_app(tw, unit=unit, state="已提交")
    MaterialRequirement.objects.create(
        region=tw.regions.city, year=dt.date.today().year, name="总结", due_date=dt.date(YEAR, 12, 1)
    )
    client = client_for(liaison)
    # per unit (a liaison has one or a few): requirements, open round, pairings + records (4); the rest is flat
    with django_assert_max_num_queries(20 + 4 * n):
        assert client.get(reverse("titles:home")).status_code == 200
    with django_assert_max_num_queries(16 + 3 * n):
        assert client.get(reverse("portal:home")).status_code == 200


def test_public_page_query_count(tw, client, django_assert_max_num_queries):
    make_app(tw, state="公示中")
    with django_assert_max_num_queries(3):
        assert client.get(reverse("titles_public:publicity")).status_code == 200
