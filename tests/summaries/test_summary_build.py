import datetime as dt
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import registry
from core.models import JobRun
from summaries.gather import gather_figures
from summaries.models import AnnualSummary
from summaries.services import summary_request
from summaries.tasks import build_summary

from .conftest import YEAR, due, make_hours, make_unit

pytestmark = pytest.mark.django_db


def build(region, by, django_capture_on_commit_callbacks, year=YEAR):
    with django_capture_on_commit_callbacks(execute=True):
        summary = summary_request(region=region, year=year, by=by)
    summary.refresh_from_db()
    return summary


def figs(summary):
    return {f["key"]: f for f in summary.figures}


def test_city_summary_figures_equal_hand_counted_values(data, django_capture_on_commit_callbacks):
    w = data.world
    summary = build(w.regions.city, w.city_staff, django_capture_on_commit_callbacks)
    assert summary.status == AnnualSummary.Status.SUCCESS and summary.progress == 100
    f = figs(summary)
    assert (f["t.units"]["value"], f["t.schools"]["value"], f["t.hours"]["value"]) == (4, 3, 47)
    kinds = {b["label"]: [r[:2] for r in b["rows"]] for b in f["t.units"]["breakdowns"]}
    assert kinds["单位类型"] == [["党政机关", 1], ["学校", 3]]
    assert kinds["下级区划"] == [["梁园区", 3], ["睢阳区", 1]]
    links = {b["label"]: [r[2] for r in b["rows"]] for b in f["t.units"]["breakdowns"]}
    assert links["下级区划"][0] == "/dashboard/figures/t.units/?region=411402&year=2025"
    assert links["单位类型"][1].endswith("?region=4114&year=2025&by=kind&v=%E5%AD%A6%E6%A0%A1")  # 学校
    assert f["t.hours"]["definition"] == "当年确认的服务时长之和。" and f["t.hours"]["unit"] == "小时"
    assert summary.requested_by == w.city_staff and summary.docx and summary.xlsx


def test_county_summary_counts_its_subtree_only(data, django_capture_on_commit_callbacks):
    w = data.world
    summary = build(w.regions.county_a, w.county_a_staff, django_capture_on_commit_callbacks)
    f = figs(summary)
    assert (f["t.units"]["value"], f["t.schools"]["value"], f["t.hours"]["value"]) == (3, 2, 42)


def test_summary_query_count_does_not_grow_with_the_data(data):
    city = data.regions.city
    with CaptureQueriesContext(connection) as small:
        gather_figures(city, YEAR)
    for _ in range(40):
        make_unit(data.regions.county_b, kind="学校")
        make_unit(data.regions.town_a)
        make_hours(data.regions.county_a, 3)
    with CaptureQueriesContext(connection) as large:
        snapshot = gather_figures(city, YEAR)
    assert {f["key"]: f["value"] for f in snapshot} == {"t.units": 84, "t.schools": 43, "t.hours": 167}
    assert len(large.captured_queries) == len(small.captured_queries)
    # per figure: one aggregate, one per breakdown, one by child region and last year's
    # aggregate (同比); plus the child names
    assert len(large.captured_queries) <= 1 + 3 + 2 + 2 + 3


def test_rerun_keeps_earlier_versions_with_who_and_when(data, django_capture_on_commit_callbacks):
    w = data.world
    first = build(w.regions.city, w.city_staff, django_capture_on_commit_callbacks)
    make_unit(w.regions.county_b)
    second = build(w.regions.city, w.revealer, django_capture_on_commit_callbacks)
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert figs(first)["t.units"]["value"] == 4 and figs(second)["t.units"]["value"] == 5
    assert first.requested_by == w.city_staff and second.requested_by == w.revealer
    assert first.docx.name != second.docx.name and first.docx.storage.exists(first.docx.name)


def test_redelivered_job_does_not_make_a_second_summary(data, django_capture_on_commit_callbacks):
    w = data.world
    summary = build(w.regions.city, w.city_staff, django_capture_on_commit_callbacks)
    assert JobRun.objects.get(pk=summary.job_id).status == JobRun.Status.SUCCESS
    build_summary.delay(summary.job_id)  # the same message delivered again
    assert AnnualSummary.objects.count() == 1
    assert AnnualSummary.objects.get().docx.name == summary.docx.name


def test_job_killed_midway_is_rerun_on_the_same_version(data, django_capture_on_commit_callbacks):
    w = data.world
    summary = build(w.regions.city, w.city_staff, django_capture_on_commit_callbacks)
    old_docx = summary.docx.name
    # the worker died while running: the job is still "running", without a heartbeat
    # for longer than JOB_STALE_SECONDS, and the broker redelivers
    JobRun.objects.filter(pk=summary.job_id).update(
        status=JobRun.Status.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
    )
    build_summary.delay(summary.job_id)
    summary.refresh_from_db()
    assert AnnualSummary.objects.count() == 1 and summary.status == AnnualSummary.Status.SUCCESS
    assert summary.docx.name != old_docx and not summary.docx.storage.exists(old_docx)


def test_failure_is_shown_on_the_summary_and_the_job(data, django_capture_on_commit_callbacks, monkeypatch):
    def broken(region, year):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        registry._FIGURES, "t.broken", registry.FigureDef("t.broken", "x", "坏的", "个", queryset=broken)
    )
    build(data.regions.city, data.world.city_staff, django_capture_on_commit_callbacks)  # nothing raised after commit
    summary = AnnualSummary.objects.get()
    assert summary.status == AnnualSummary.Status.FAILED and "系统错误" in summary.message
    assert JobRun.objects.get(pk=summary.job_id).status == JobRun.Status.FAILED


def test_next_year_section_lists_what_falls_due_and_what_is_carried_over(
    data, monkeypatch, django_capture_on_commit_callbacks
):
    r = data.regions
    items = [
        due("a", dt.date(2026, 3, 31), r.county_a, kind="年度材料"),
        due("b", dt.date(2026, 3, 20), r.town_a, kind="年度材料"),
        due("c", dt.date(2026, 11, 1), r.county_a, kind="文明称号期满"),
        due("d", dt.date(2026, 5, 1), r.county_b, kind="文明称号期满"),  # other county
        due("e", dt.date(2025, 10, 1), r.county_a, kind="整改事项"),  # overdue, still open
        due("f", dt.date(2025, 9, 1), r.county_a, kind="整改事项", done=True),
    ]
    monkeypatch.setattr(registry, "_DUE_SOURCES", [lambda start, end: items])
    with time_machine.travel(dt.datetime(2025, 12, 20, 9, 0), tick=False):
        summary = build(r.county_a, data.world.county_a_staff, django_capture_on_commit_callbacks)
    nxt = summary.next_year
    assert nxt["year"] == 2026 and nxt["total"] == 3
    assert [list(x) for x in nxt["by_kind"]] == [["年度材料", 2], ["文明称号期满", 1]]
    assert [list(x) for x in nxt["by_month"]] == [[3, 2], [11, 1]]
    assert nxt["carried_total"] == 1 and [list(x) for x in nxt["carried"]] == [["整改事项", 1]]


def test_build_summary_command_inline(data):
    out = io.StringIO()
    call_command(
        "build_summary", "--region", "411402", "--year", str(YEAR), "--inline", "--user", "county_a_staff", stdout=out
    )
    summary = AnnualSummary.objects.get()
    assert summary.status == AnnualSummary.Status.SUCCESS and figs(summary)["t.units"]["value"] == 3
    assert "完成：3项数据" in out.getvalue()
    assert re.search(r" 90% 生成Excel统计表", out.getvalue())


def test_build_summary_command_queues_for_the_worker(data, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("build_summary", "--region", "4114", "--year", str(YEAR), stdout=out)
    assert len(callbacks) == 1 and "已交给后台任务执行" in out.getvalue()
    assert AnnualSummary.objects.get().status == AnnualSummary.Status.QUEUED


def test_command_rejects_unknown_region(data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="区划代码不存在"):
        call_command("build_summary", "--region", "999999", "--year", "2025")


def test_admin_button_starts_a_summary_and_the_page_shows_progress(
    data, client_for, django_capture_on_commit_callbacks
):
    w = data.world
    client = client_for(w.county_a_staff)
    changelist = client.get(reverse("admin:summaries_annualsummary_changelist")).content.decode()
    assert reverse("admin:summaries_annualsummary_start") in changelist
    form = client.get(reverse("admin:summaries_annualsummary_start")).content.decode()
    assert "睢阳区" not in form  # only the user's own regions are offered
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("admin:summaries_annualsummary_start"), {"region": w.regions.county_a.pk, "year": YEAR}
        )
    summary = AnnualSummary.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("summaries:detail", args=[summary.pk])
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and 'http-equiv="refresh"' in page and "可以离开本页" in page
    status = client.get(reverse("summaries:detail", args=[summary.pk]) + "?format=json").json()
    assert status["status"] == "queued" and status["finished"] is False


def test_admin_rebuild_action_adds_a_version(data, client_for, django_capture_on_commit_callbacks):
    w = data.world
    first = build(w.regions.city, w.city_staff, django_capture_on_commit_callbacks)
    client = client_for(w.city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:summaries_annualsummary_changelist"),
            {"action": "rebuild", "_selected_action": [first.pk]},
        )
    assert list(AnnualSummary.objects.order_by("version").values_list("version", "status")) == [
        (1, "success"),
        (2, "success"),
    ]


def test_january_schedule_queues_last_years_summary_for_every_office_once(data, django_capture_on_commit_callbacks):
    from django_celery_beat.models import PeriodicTask

    from core.schedules import sync_schedules
    from summaries.tasks import request_yearly_summaries

    sync_schedules()
    beat = PeriodicTask.objects.get(task="summaries.tasks.request_yearly_summaries")
    assert (beat.crontab.month_of_year, str(beat.crontab.timezone)) == ("1", "Asia/Shanghai")
    w = data.world
    with time_machine.travel(dt.datetime(YEAR + 1, 1, 5, 2, 0, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            first = request_yearly_summaries.delay().get()
        with django_capture_on_commit_callbacks(execute=True):
            again = request_yearly_summaries.delay().get()  # the beat message delivered twice
    offices = {w.regions.city.code, w.regions.county_a.code, w.regions.county_b.code}
    made = AnnualSummary.objects.filter(pk__in=first)
    assert {s.region.code for s in made} == offices and again == []
    assert AnnualSummary.objects.count() == len(offices)
    assert all(s.year == YEAR and s.requested_by is None and s.status == "success" for s in made)
    assert figs(made.get(region=w.regions.county_a))["t.units"]["value"] == 3


def test_overdue_means_due_before_the_summarys_as_of_date_not_before_next_january(data, monkeypatch):
    """Built on 20 December: an open item due on 10 December is overdue (已到期); one due on
    28 December is still on time; one due next March is next year's work."""
    from summaries.gather import gather_next_year

    r = data.regions
    items = [
        due("late", dt.date(2025, 12, 10), r.county_a, kind="整改事项"),
        due("soon", dt.date(2025, 12, 28), r.county_a, kind="整改事项"),
        due("done", dt.date(2025, 11, 1), r.county_a, kind="整改事项", done=True),
        due("next", dt.date(2026, 3, 1), r.county_a, kind="年度材料"),
    ]
    seen = []
    monkeypatch.setattr(registry, "_DUE_SOURCES", [lambda start, end: seen.append(start) or items])
    nxt = gather_next_year(r.county_a, 2025, as_of=dt.date(2025, 12, 20))
    assert nxt["carried_total"] == 1 and [list(x) for x in nxt["carried"]] == [["整改事项", 1]]
    assert nxt["remaining"] == 1 and nxt["total"] == 1 and nxt["as_of"] == "2025-12-20"
    assert seen == [dt.date(2025, 12, 20)]  # sources are asked from the as-of date on
