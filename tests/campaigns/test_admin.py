"""Office staff in the admin: framework import with preview/confirm, decomposition
import and export, review queue, progress page and report."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Evidence, Indicator, Task
from core.models import ImportLog

from .factories import FrameworkFactory, evidence, task, tree, xlsx_file

E = Evidence.Status
ROWS = [
    ["编号", "内容", "分值", "测评方法"],
    ["1", "理想信念教育", 5, ""],
    ["1.1", "理论武装", 5, ""],
    ["1.1.1", "理论学习中心组学习", 2, "材料审核"],
    ["1.1.2", "理论知晓率", 3, "问卷调查"],
]


@pytest.fixture
def fw(world):
    return FrameworkFactory(campaign__region=world.regions.city)


def test_framework_import_preview_then_confirm(fw, world, client_for):
    c = client_for(world.city_staff)
    url = reverse("admin:campaigns_indicatorframework_import", args=[fw.pk])
    r = c.post(url, {"file": xlsx_file(ROWS)})
    assert r.status_code == 200 and "确认导入" in r.content.decode()
    assert not Indicator.objects.exists()  # preview writes nothing
    token = r.context["token"]
    r = c.post(url, {"confirm": "1", "token": token})
    assert r.status_code == 302
    assert Indicator.objects.filter(framework=fw).count() == 4
    assert ImportLog.objects.get().kind == "campaigns.framework"


def test_framework_import_preview_shows_row_errors_without_confirm(fw, world, client_for):
    rows = [*ROWS, ["1.2.1", "上级缺失", 1, "材料审核"]]
    r = client_for(world.city_staff).post(
        reverse("admin:campaigns_indicatorframework_import", args=[fw.pk]), {"file": xlsx_file(rows)}
    )
    page = r.content.decode()
    assert "第6行 编号：上级指标“1.2”不存在，请先列出上级指标" in page
    assert 'name="confirm"' not in page


def test_non_excel_upload_is_refused(fw, world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client_for(world.city_staff).post(
        reverse("admin:campaigns_indicatorframework_import", args=[fw.pk]),
        {"file": SimpleUploadedFile("体系.csv", b"a,b")},
    )
    assert "请上传 .xlsx 格式的 Excel 文件" in r.content.decode()


def test_official_cannot_import_and_other_county_cannot_see(fw, world, client_for):
    url = reverse("admin:campaigns_indicatorframework_import", args=[fw.pk])
    assert client_for(world.official).post(url, {"file": xlsx_file(ROWS)}).status_code in (302, 403)
    assert not Indicator.objects.exists()
    assert client_for(world.county_a_staff).get(url).status_code == 404


def test_decomposition_import_and_export_in_admin(fw, world, client_for):
    tree(fw, {"1.1.1": "2"})
    c = client_for(world.city_staff)
    url = reverse("admin:campaigns_indicatorframework_decompose", args=[fw.pk])
    rows = [["指标编号", "牵头单位", "责任单位", "完成时限"], ["1.1.1", "梁园区教育局", "睢阳区教育局", "2025/6/30"]]
    r = c.post(url, {"file": xlsx_file(rows)})
    c.post(url, {"confirm": "1", "token": r.context["token"]})
    assert Task.objects.get().assignments.count() == 2
    r = c.get(reverse("admin:campaigns_indicatorframework_export", args=[fw.pk]))
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws["A2"].value == "1.1.1" and ws["G2"].value == "梁园区教育局"


def test_task_added_one_by_one_in_admin(fw, world, client_for):
    leaf = tree(fw, {"1.1.1": "2"})["1.1.1"]
    r = client_for(world.city_staff).post(
        reverse("admin:campaigns_task_add"),
        {
            "indicator": leaf.pk,
            "deadline": "2025-06-30",
            "note": "",
            "lead_unit": world.unit_a.pk,
            "co_units": [world.unit_b.pk],
            "assignments-TOTAL_FORMS": 0,
            "assignments-INITIAL_FORMS": 0,
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    t = Task.objects.get()
    assert sorted(t.assignments.values_list("unit__name", "role")) == [("梁园区教育局", "lead"), ("睢阳区教育局", "co")]


@pytest.fixture
def queue(fw, world):
    leaves = tree(fw, {"1.1.1": "2", "1.1.2": "1"})
    t1 = task(leaves["1.1.1"], world.unit_a, [world.unit_b], deadline=dt.date(2025, 6, 30))
    t2 = task(leaves["1.1.2"], world.unit_b, deadline=dt.date(2025, 6, 30))
    return [evidence(a, E.SUBMITTED) for a in [*t1.assignments.all(), *t2.assignments.all()]]


def test_review_queue_filters_and_query_count(queue, fw, world, client_for, django_assert_max_num_queries):
    c = client_for(world.city_staff)
    url = reverse("admin:campaigns_evidence_changelist")
    with django_assert_max_num_queries(25):
        r = c.get(url, {"status__exact": "submitted", "campaign": fw.campaign_id})
    assert r.context["cl"].result_count == 3
    r = c.get(url, {"status__exact": "submitted", "unit": world.unit_b.pk})
    assert r.context["cl"].result_count == 2
    r = client_for(world.county_a_staff).get(url, {"status__exact": "submitted"})
    assert r.context["cl"].result_count == 1


def test_review_page_accepts_and_returns(queue, world, client_for):
    c = client_for(world.city_staff)
    first, second = queue[0], queue[1]
    r = c.post(reverse("admin:campaigns_evidence_review", args=[first.pk]), {"accept": "1", "comment": ""})
    assert r.status_code == 302
    r = c.post(reverse("admin:campaigns_evidence_review", args=[second.pk]), {"return": "1", "comment": ""})
    assert "退回时必须填写退回意见" in r.content.decode()
    c.post(reverse("admin:campaigns_evidence_review", args=[second.pk]), {"return": "1", "comment": "请补充照片"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.review_comment) == (E.ACCEPTED, E.RETURNED, "请补充照片")


def test_official_cannot_review(queue, world, client_for):
    r = client_for(world.official).post(reverse("admin:campaigns_evidence_review", args=[queue[0].pk]), {"accept": "1"})
    assert r.status_code in (302, 403)
    queue[0].refresh_from_db()
    assert queue[0].status == E.SUBMITTED


def test_batch_return_asks_for_a_comment_then_returns(queue, world, client_for):
    c = client_for(world.city_staff)
    url = reverse("admin:campaigns_evidence_changelist") + "?status__exact=submitted"
    ids = [str(e.pk) for e in queue]
    r = c.post(url, {"action": "return_selected", "_selected_action": ids})
    assert "批量退回佐证材料" in r.content.decode()
    c.post(url, {"action": "return_selected", "_selected_action": ids, "apply": "1", "comment": "材料不全"})
    assert set(Evidence.objects.values_list("status", flat=True)) == {E.RETURNED}


def test_progress_page_and_report(queue, fw, world, client_for, django_assert_max_num_queries):
    c = client_for(world.city_staff)
    url = reverse("admin:campaigns_campaign_progress", args=[fw.campaign_id])
    with django_assert_max_num_queries(20):
        r = c.get(url)
    assert r.context["totals"].assignments == 3
    r = c.get(url, {"export": "xlsx"})
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["总体情况", "按测评项目", "按测评标准", "按责任单位", "按区域"]
    assert wb["按测评标准"]["A2"].value == "1.1.1"
    assert client_for(world.county_a_staff).get(url).status_code == 404


def test_task_changed_in_admin_swaps_lead(fw, world, client_for):
    leaf = tree(fw, {"1.1.1": "2"})["1.1.1"]
    t = task(leaf, world.unit_a, [world.unit_b])
    parts = list(t.assignments.order_by("pk"))
    data = {
        "indicator": leaf.pk,
        "deadline": "2025-08-31",
        "note": "加强",
        "lead_unit": world.unit_b.pk,
        "co_units": [],
        "assignments-TOTAL_FORMS": 2,
        "assignments-INITIAL_FORMS": 2,
        "assignments-0-id": parts[0].pk,
        "assignments-0-task": t.pk,
        "assignments-1-id": parts[1].pk,
        "assignments-1-task": t.pk,
    }
    r = client_for(world.city_staff).post(reverse("admin:campaigns_task_change", args=[t.pk]), data)
    assert r.status_code == 302, r.content.decode()[:2000]
    t.refresh_from_db()
    assert t.deadline == dt.date(2025, 8, 31)
    assert list(t.assignments.values_list("unit__name", "role")) == [("睢阳区教育局", "lead")]
    assert t.history.count() == 2


def test_key_admin_lists_do_not_query_per_row(queue, fw, world, client_for, django_assert_max_num_queries):
    from campaigns.services.activities import activity_record

    for n in range(15):
        activity_record(
            unit=world.unit_a,
            campaign=fw.campaign,
            title=f"活动{n}",
            kind="宣讲",
            date=dt.date(2025, 5, 1),
            place="会议室",
            participants=10,
            by=world.liaison_a,
        )
    c = client_for(world.city_staff)
    for url in (
        "admin:campaigns_taskassignment_changelist",
        "admin:campaigns_activity_changelist",
        "admin:campaigns_task_changelist",
        "admin:campaigns_rectification_changelist",
    ):
        with django_assert_max_num_queries(25):
            assert c.get(reverse(url)).status_code == 200


def test_evidence_and_tasks_with_evidence_cannot_be_deleted(fw, world, client):
    tree(fw, {"1.1.1": "2", "1.1.2": "3"})
    with_evidence = task(fw.indicators.get(code="1.1.1"), world.unit_a)
    ev = evidence(with_evidence.assignments.get())
    bare = task(fw.indicators.get(code="1.1.2"), world.unit_a)
    client.force_login(world.city_staff)
    assert client.get(f"/admin/campaigns/evidence/{ev.pk}/delete/").status_code == 403
    assert client.get(f"/admin/campaigns/task/{with_evidence.pk}/delete/").status_code == 403
    assert client.get(f"/admin/campaigns/task/{bare.pk}/delete/").status_code == 200
    assert "delete_selected" not in client.get("/admin/campaigns/task/").content.decode()
