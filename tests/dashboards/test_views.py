"""Dashboard pages: who sees what (region and below only, other roles 403), read-only
enforcement, figure lists, Excel export, constant query counts."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from dashboards.models import FigureSnapshot
from dashboards.services import snapshots_refresh
from units.models import Unit

from .conftest import YEAR, make_unit

pytestmark = pytest.mark.django_db


def region_url(region, year=YEAR):
    return reverse("dashboards:region", args=[region.code]) + f"?year={year}"


def list_url(key, region, **extra):
    params = "&".join(f"{k}={v}" for k, v in {"region": region.code, "year": YEAR, **extra}.items())
    return reverse("dashboards:figure_list", args=[key]) + "?" + params


# Scoping -----------------------------------------------------------------------------------------


def test_official_home_opens_own_region_dashboard(dash_world, client_for):
    response = client_for(dash_world.official).get(reverse("dashboards:home"))
    assert response.status_code == 302
    assert response.url == reverse("dashboards:region", args=[dash_world.regions.city.code])


def test_official_sees_city_dashboard_with_figures_and_stamp(dash_world, client_for):
    response = client_for(dash_world.official).get(region_url(dash_world.regions.city))
    assert response.status_code == 200
    html = response.content.decode()
    assert "当年新建单位" in html and "数据更新于" in html
    assert list_url("test.units_new", dash_world.regions.city).replace("&", "&amp;") in html
    assert "dashboards/vendor/echarts.min.js" in html and "cdn" not in html.lower()
    assert "暂无数据" in html  # the sections no test figure fills


def test_official_drills_down_to_county_and_township(dash_world, client_for):
    client = client_for(dash_world.official)
    r = dash_world.regions
    city_html = client.get(region_url(r.city)).content.decode()
    assert region_url(r.county_a).replace("&", "&amp;") in city_html
    assert client.get(region_url(r.county_a)).status_code == 200
    assert client.get(region_url(r.town_a)).status_code == 200


def test_county_staff_cannot_open_city_or_sibling_county(dash_world, client_for):
    client = client_for(dash_world.county_a_staff)
    r = dash_world.regions
    assert client.get(region_url(r.county_a)).status_code == 200
    assert client.get(region_url(r.county_b)).status_code == 404
    assert client.get(region_url(r.city)).status_code == 404
    assert client.get(reverse("dashboards:unit", args=[dash_world.b_school.pk])).status_code == 404
    assert client.get(list_url("test.units_new", r.county_b)).status_code == 404
    assert client.get(reverse("dashboards:region_export", args=[r.county_b.code])).status_code == 404


@pytest.mark.parametrize("persona", ["liaison_a", "reviewer", "team_leader"])
def test_other_roles_get_403(dash_world, client_for, persona):
    client = client_for(getattr(dash_world, persona))
    assert client.get(reverse("dashboards:home")).status_code == 403
    assert client.get(region_url(dash_world.regions.county_a)).status_code == 403
    assert client.get(reverse("dashboards:unit", args=[dash_world.unit_a.pk])).status_code == 403
    assert client.get(list_url("test.units_new", dash_world.regions.county_a)).status_code == 403


def test_anonymous_is_sent_to_login(dash_world, client):
    response = client.get(region_url(dash_world.regions.city))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_unit_page_shows_that_units_figures(dash_world, client_for):
    unit = dash_world.a_school1
    response = client_for(dash_world.official).get(reverse("dashboards:unit", args=[unit.pk]) + f"?year={YEAR}")
    assert response.status_code == 200
    html = response.content.decode()
    assert unit.name in html and "当年新建学校" in html
    assert f"unit={unit.pk}" in html


# Read-only ------------------------------------------------------------------------------------


def test_every_dashboard_page_refuses_post(dash_world, client_for):
    client = client_for(dash_world.official)
    r = dash_world.regions
    for url in (
        reverse("dashboards:home"),
        region_url(r.city),
        reverse("dashboards:region_export", args=[r.city.code]),
        reverse("dashboards:unit", args=[dash_world.a_school1.pk]),
        list_url("test.units_new", r.city),
    ):
        assert client.post(url).status_code == 405, url


def test_official_cannot_refresh_figures_but_staff_can(dash_world, client_for, django_capture_on_commit_callbacks):
    url = reverse("dashboards:region_refresh", args=[dash_world.regions.city.code])
    assert client_for(dash_world.official).post(url).status_code == 403
    assert client_for(dash_world.official).get(url).status_code == 405
    assert not FigureSnapshot.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(dash_world.city_staff).post(url)
    assert response.status_code == 302
    assert FigureSnapshot.objects.filter(region=dash_world.regions.city, key="test.units_new").exists()


def test_county_staff_cannot_refresh_city(dash_world, client_for):
    url = reverse("dashboards:region_refresh", args=[dash_world.regions.city.code])
    assert client_for(dash_world.county_a_staff).post(url).status_code == 404


# Figure lists -----------------------------------------------------------------------------------


def test_figure_list_shows_exactly_the_counted_records(dash_world, client_for):
    client = client_for(dash_world.official)
    response = client.get(list_url("test.units_new", dash_world.regions.city))
    names = [row[0] for row in response.context["page"]]
    assert sorted(names) == sorted(
        u.name
        for u in (dash_world.a_school1, dash_world.a_school2, dash_world.a_gov, dash_world.a_town, dash_world.b_school)
    )


def test_figure_list_of_one_group_and_one_unit(dash_world, client_for):
    client = client_for(dash_world.official)
    city = dash_world.regions.city
    schools = client.get(list_url("test.units_new", city, by="kind", v="学校"))
    assert schools.context["page"].paginator.count == 3
    assert "单位类型：学校" in schools.content.decode()
    march = client.get(list_url("test.units_new", city, by="created_at__month", v=3))
    assert march.context["page"].paginator.count == 2
    one = client.get(list_url("test.units_new", city, unit=dash_world.a_gov.pk))
    assert [row[0] for row in one.context["page"]] == [dash_world.a_gov.name]


def test_figure_list_rejects_unknown_breakdowns_and_figures(dash_world, client_for):
    client = client_for(dash_world.official)
    city = dash_world.regions.city
    assert client.get(list_url("test.units_new", city, by="liaisons__password", v="x")).status_code == 404
    assert client.get(list_url("test.units_new", city, by="created_at__month", v="abc")).status_code == 404
    assert client.get(list_url("no.such_figure", city)).status_code == 404


# Export ------------------------------------------------------------------------------------------


def block(ws, title: str) -> dict:
    """{group: value} of the block titled `title` on a panel-group sheet."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 2
    out = {}
    for r in rows[start:]:
        if r[0] is None:
            break
        out[r[0]] = r[1]
    return out


def test_export_has_one_sheet_per_panel_group_with_the_page_numbers(dash_world, client_for):
    response = client_for(dash_world.official).get(
        reverse("dashboards:region_export", args=[dash_world.regions.city.code]) + f"?year={YEAR}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["说明", "关键指标", "文明称号", "志愿服务", "近五年趋势", "下级区划对比"]
    assert len(wb.sheetnames) <= 12
    key_rows = {r[1]: r[2:5] for r in wb["关键指标"].iter_rows(min_row=2, values_only=True)}
    # the year before: one unit, a school — 5 against 1 is ▲400%, 3 schools against 1 ▲200%
    assert key_rows == {"当年新建单位": (5, 1, "▲400%"), "当年新建学校": (3, 1, "▲200%")}
    ws = wb["文明称号"]
    assert block(ws, "当年新建单位（单位类型）") == {"党政机关": 1, "学校": 3, "社区": 1, "合计": 5}
    assert ws.print_title_rows == "$1:$1" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    compare = {r[0]: r[1:] for r in wb["下级区划对比"].iter_rows(min_row=2, values_only=True)}
    assert compare["梁园区"] == (4, 2) and compare["睢阳区"] == (1, 1)


def test_export_never_has_more_than_twelve_sheets(dash_world, monkeypatch):
    """Fifteen panel groups: the sheets beyond the twelfth are folded into one 其他 sheet."""
    from dashboards import selectors
    from dashboards.export import dashboard_workbook

    city = dash_world.regions.city
    board = selectors.dashboard_for(city, YEAR, children=[])
    panel = next(s for s in board.sections if s.figures).figures[0]
    board.sections = [selectors.SectionPanel(f"板块{i}", [panel]) for i in range(15)]
    wb = openpyxl.load_workbook(io.BytesIO(dashboard_workbook(board)))
    assert len(wb.sheetnames) == 12 and wb.sheetnames[-2:] == ["其他", "近五年趋势"]


# Query counts ------------------------------------------------------------------------------------


def _grow(world, n):
    for i in range(n):
        make_unit(world.regions.county_a if i % 2 else world.regions.county_b, kind="学校", name=f"加量单位{i}")


@pytest.mark.parametrize("extra", [0, 40])
def test_dashboard_queries_constant_with_snapshots(dash_world, client_for, django_assert_max_num_queries, extra):
    _grow(dash_world, extra)
    snapshots_refresh(root=dash_world.regions.city, years=list(range(YEAR - 4, YEAR + 1)))
    client = client_for(dash_world.official)
    client.get(region_url(dash_world.regions.city))  # warm the session
    # session, user, roles, profile, region, children, snapshots, breadcrumb, units, nav extras
    with django_assert_max_num_queries(12):
        response = client.get(region_url(dash_world.regions.city))
    assert "（部分数据为实时计算）" not in response.content.decode()


@pytest.mark.parametrize("extra", [0, 40])
def test_dashboard_queries_constant_when_live(dash_world, client_for, django_assert_max_num_queries, extra):
    _grow(dash_world, extra)
    client = client_for(dash_world.official)
    client.get(region_url(dash_world.regions.city))
    # 2 figures × (value + breakdowns + by-child) + 4 earlier years × 2 trend figures + the page's own reads
    with django_assert_max_num_queries(12 + 2 * 4 + 6):
        client.get(region_url(dash_world.regions.city))


@pytest.mark.parametrize("extra", [0, 40])
def test_unit_page_and_figure_list_queries_constant(dash_world, client_for, django_assert_max_num_queries, extra):
    _grow(dash_world, extra)
    client = client_for(dash_world.official)
    unit_url = reverse("dashboards:unit", args=[dash_world.a_school1.pk]) + f"?year={YEAR}"
    client.get(unit_url)
    with django_assert_max_num_queries(13):
        client.get(unit_url)
    with django_assert_max_num_queries(10):
        client.get(list_url("test.units_new", dash_world.regions.city))


def test_admin_index_links_to_dashboards_for_staff(dash_world, client_for):
    html = client_for(dash_world.city_staff).get(reverse("admin:index")).content.decode()
    assert reverse("dashboards:home") in html
    assert Unit.objects.exists()


def test_cached_board_follows_the_next_snapshot_refresh(
    dash_world, client_for, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    city = dash_world.regions.city
    years = list(range(YEAR - 4, YEAR + 1))
    with django_capture_on_commit_callbacks(execute=True):
        snapshots_refresh(root=city, years=years)
    client = client_for(dash_world.official)
    first = client.get(region_url(city)).content.decode()
    assert '<span class="v">5<small>个</small>' in first
    make_unit(dash_world.regions.county_b, kind="学校", name="新建学校")
    # served from the page cache: the login check and the page frame only
    # (session, user, roles, the viewer's profile with its region, the frame's unread notices)
    with django_assert_max_num_queries(5):
        again = client.get(region_url(city)).content.decode()
    assert '<span class="v">5<small>个</small>' in again  # the snapshots' figure until the next refresh
    with django_capture_on_commit_callbacks(execute=True):
        snapshots_refresh(root=city, years=years)
    assert '<span class="v">6<small>个</small>' in client.get(region_url(city)).content.decode()


def test_cached_page_of_a_county_never_serves_a_sibling_county_viewer(dash_world):
    """The page cache is keyed on the viewer's scope root: a body cached for a city official
    is not handed to staff of another county, nor is the region check skipped."""
    r = dash_world.regions
    snapshots_refresh(root=r.city, years=list(range(YEAR - 4, YEAR + 1)))
    official, county_a = Client(), Client()  # two sessions side by side
    official.force_login(dash_world.official)
    county_a.force_login(dash_world.county_a_staff)
    for code in (r.county_a, r.county_b):
        assert official.get(region_url(code)).status_code == 200
        assert official.get(region_url(code)).status_code == 200  # now from the cache
    assert county_a.get(region_url(r.county_b)).status_code == 404
    assert county_a.get(region_url(r.city)).status_code == 404
    html = county_a.get(region_url(r.county_a)).content.decode()
    # its own breadcrumb starts at its own county: the city official's cached body is not reused
    assert f'href="/dashboard/region/{r.city.code}/' not in html
    assert f'href="/dashboard/region/{r.city.code}/' in official.get(region_url(r.county_a)).content.decode()


def test_list_of_a_summed_figure_states_the_total_beside_the_record_count(dash_world, client_for, monkeypatch):
    from decimal import Decimal

    from core import registry
    from core.registry import FigureDef
    from tests.volunteers.factories import TeamFactory, VolunteerFactory
    from volunteers.models import Volunteer

    team = TeamFactory(region=dash_world.regions.county_a)
    for hours in ("12.5", "30", "7.5"):
        VolunteerFactory(team=team, total_hours=Decimal(hours))
    fig = FigureDef(
        "test.hours",
        "志愿服务",
        "累计时长",
        "小时",
        lambda region, year: Volunteer.objects.filter(region__code__startswith=region.code),
        sum_field="total_hours",
        list_columns=(("name", "姓名"), ("total_hours", "时长")),
    )
    monkeypatch.setitem(registry._FIGURES, fig.key, fig)
    client = client_for(dash_world.official)
    city = dash_world.regions.city
    board = client.get(region_url(city)).content.decode()
    assert "50</a> 小时" in board  # the number on the dashboard
    listing = client.get(list_url("test.hours", city))
    assert listing.context["page"].paginator.count == 3 and listing.context["total"] == 50
    assert "共 3 条，合计 50 小时" in listing.content.decode()


def test_key_figures_show_the_change_on_last_year(dash_world, client_for):
    page = client_for(dash_world.official).get(region_url(dash_world.regions.city)).content.decode()
    assert '<span class="yoy up" title="比上年">同比 ▲400%</span>' in page
