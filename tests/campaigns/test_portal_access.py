"""Liaison portal pages and private downloads: own unit only (other unit → 404),
officials read-only (write → 403)."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Evidence, EvidenceFile
from campaigns.services.evidence import evidence_save
from campaigns.services.inspections import inspection_record

from .factories import FrameworkFactory, evidence, pdf_upload, png_upload, task, tree

E = Evidence.Status


@pytest.fixture
def setup(world):
    fw = FrameworkFactory(campaign__region=world.regions.city)
    leaves = tree(fw, {"1.1.1": "2", "1.1.2": "1", "1.1.3": "1"})
    t1 = task(leaves["1.1.1"], world.unit_a, deadline=dt.date(2099, 3, 1))
    t2 = task(leaves["1.1.2"], world.unit_b, deadline=dt.date(2099, 1, 1))
    t3 = task(leaves["1.1.3"], world.unit_a, deadline=dt.date(2098, 12, 1))
    mine, theirs = t1.assignments.get(), t2.assignments.get()
    their_ev = evidence_save(assignment=theirs, text="睢阳材料", files=[pdf_upload()], submit=True, by=world.liaison_b)
    return {"fw": fw, "mine": mine, "theirs": theirs, "early": t3.assignments.get(), "their_file": their_ev.files.get()}


def test_task_list_shows_own_units_tasks_sorted_by_deadline(setup, world, client_for, django_assert_max_num_queries):
    c = client_for(world.liaison_a)
    with django_assert_max_num_queries(12):
        r = c.get(reverse("campaigns:task_list"))
    rows = list(r.context["page"])
    assert [a.pk for a in rows] == [setup["early"].pk, setup["mine"].pk]
    assert all(a.status == "not_started" for a in rows)
    assert "睢阳" not in r.content.decode()


def test_liaison_submits_evidence_through_the_portal(setup, world, client_for):
    c = client_for(world.liaison_a)
    url = reverse("campaigns:task_detail", args=[setup["mine"].pk])
    r = c.post(
        url,
        {"text": "已建立学习制度", "links": "https://example.com/x", "files": [pdf_upload("台账.pdf")], "submit": "1"},
    )
    assert r.status_code == 302
    ev = Evidence.objects.get(assignment=setup["mine"])
    assert ev.status == E.SUBMITTED and ev.files.get().name == "台账.pdf"
    page = c.get(url).content.decode()
    assert "已提交" in page and "提交审核" not in page  # no form while under review


def test_returned_comment_is_shown_and_resubmission_works(setup, world, client_for):
    ev = evidence(setup["mine"], E.RETURNED, review_comment="缺少现场照片")
    Evidence.objects.filter(pk=ev.pk).update(reviewed_at=dt.datetime(2025, 5, 1, tzinfo=dt.UTC))
    c = client_for(world.liaison_a)
    url = reverse("campaigns:task_detail", args=[setup["mine"].pk])
    page = c.get(url).content.decode()
    assert "退回意见" in page and "缺少现场照片" in page and "重新提交佐证材料" in page
    c.post(url, {"text": "已补充照片", "files": [png_upload()], "submit": "1"})
    assert list(Evidence.objects.filter(assignment=setup["mine"]).values_list("status", flat=True)) == [
        E.SUBMITTED,
        E.RETURNED,
    ]


def test_bad_file_is_refused_with_chinese_message(setup, world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(world.liaison_a)
    url = reverse("campaigns:task_detail", args=[setup["mine"].pk])
    fake = SimpleUploadedFile("材料.pdf", b"not a pdf at all", content_type="application/pdf")
    r = c.post(url, {"text": "x", "files": [fake], "submit": "1"})
    assert r.status_code == 200
    assert "文件内容与扩展名“.pdf”不符" in r.content.decode()
    assert not Evidence.objects.filter(assignment=setup["mine"]).exists()


def test_liaison_cannot_open_other_units_task_or_file(setup, world, client_for):
    c = client_for(world.liaison_a)
    assert c.get(reverse("campaigns:task_detail", args=[setup["theirs"].pk])).status_code == 404
    assert (
        c.post(reverse("campaigns:task_detail", args=[setup["theirs"].pk]), {"text": "x", "submit": "1"}).status_code
        == 404
    )
    assert c.get(reverse("campaigns:evidence_file", args=[setup["their_file"].pk])).status_code == 404


def test_owner_and_staff_download_the_file(setup, world, client_for):
    url = reverse("campaigns:evidence_file", args=[setup["their_file"].pk])
    for user in (world.liaison_b, world.city_staff, world.county_b_staff):
        r = client_for(user).get(url)
        assert r.status_code == 200 and r["Cache-Control"] == "private, no-store"
        assert b"".join(r.streaming_content).startswith(b"%PDF")
    assert client_for(world.county_a_staff).get(url).status_code == 404


def test_official_reads_but_cannot_submit(setup, world, client_for):
    c = client_for(world.official)
    url = reverse("campaigns:task_detail", args=[setup["mine"].pk])
    assert c.get(url).status_code == 200
    assert c.post(url, {"text": "x", "submit": "1"}).status_code == 403
    assert c.get(reverse("campaigns:activity_create")).status_code == 403


def test_rectification_answer_and_scoping(setup, world, client_for):
    inspection = inspection_record(
        campaign=setup["fw"].campaign,
        date=dt.date(2025, 5, 1),
        region=world.regions.county_a,
        place="农贸市场",
        findings="占道经营",
        photos=[png_upload()],
        items=[
            (world.unit_a, "占道经营", "清理", dt.date(2025, 5, 15)),
            (world.unit_b, "广告破损", "更换", dt.date(2025, 5, 15)),
        ],
        by=world.city_staff,
    )
    mine, theirs = inspection.rectifications.order_by("pk")
    photo = inspection.photos.get()
    a = client_for(world.liaison_a)
    assert a.get(reverse("campaigns:rectification_detail", args=[theirs.pk])).status_code == 404
    page = a.get(reverse("campaigns:rectification_detail", args=[mine.pk])).content.decode()
    assert reverse("campaigns:inspection_photo", args=[inspection.photos.get().pk]) in page
    assert a.get(reverse("campaigns:inspection_photo", args=[photo.pk])).status_code == 200  # has an item from it
    r = a.post(reverse("campaigns:rectification_detail", args=[mine.pk]), {"text": "已清理", "file": png_upload()})
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "answered"
    resp = mine.responses.get()
    assert a.get(reverse("campaigns:rectification_file", args=[resp.pk])).status_code == 200
    b = client_for(world.liaison_b)
    assert b.get(reverse("campaigns:rectification_file", args=[resp.pk])).status_code == 404
    assert (
        client_for(world.official)
        .post(reverse("campaigns:rectification_detail", args=[mine.pk]), {"text": "x"})
        .status_code
        == 403
    )


def test_activity_recording_and_photo_privacy(setup, world, client_for):
    campaign = setup["fw"].campaign
    a = client_for(world.liaison_a)
    r = a.post(
        reverse("campaigns:activity_create"),
        {
            "unit": world.unit_a.pk,
            "campaign": campaign.pk,
            "title": "孝老爱亲道德讲堂",
            "kind": "道德讲堂",
            "date": "2025-05-04",
            "place": "教育局会议室",
            "participants": 60,
            "photos": [png_upload()],
        },
    )
    assert r.status_code == 302, r.content.decode()[:500]
    activity = world.unit_a.activities.get()
    photo = activity.photos.get()
    assert a.get(reverse("campaigns:activity_photo", args=[photo.pk])).status_code == 200
    assert client_for(world.liaison_b).get(reverse("campaigns:activity_photo", args=[photo.pk])).status_code == 404
    a = client_for(world.liaison_a)  # the fixture re-logs one shared client
    r = a.post(
        reverse("campaigns:activity_create"),
        {
            "unit": world.unit_b.pk,
            "campaign": campaign.pk,
            "title": "x",
            "kind": "宣讲",
            "date": "2025-05-04",
            "place": "x",
            "participants": 1,
        },
    )
    assert r.status_code == 200 and not world.unit_b.activities.exists()  # not a choice for liaison_a


def test_portal_home_lists_campaign_todos(setup, world, client_for):
    r = client_for(world.liaison_a).get(reverse("portal:home"))
    todos = [t for t in r.context["todos"] if t.category == "测评任务"]
    assert [t.due for t in todos] == [dt.date(2098, 12, 1), dt.date(2099, 3, 1)]
    assert todos[0].status == "未开始"


def test_evidence_file_model_is_scoped(setup, world):
    from core.scoping import scoped

    assert not scoped(EvidenceFile.objects.all(), world.liaison_a).exists()
    assert scoped(EvidenceFile.objects.all(), world.liaison_b).count() == 1


def test_portal_lists_keep_a_constant_query_count(setup, world, client_for, django_assert_max_num_queries):
    from campaigns.services.activities import activity_record
    from campaigns.services.inspections import inspection_record

    campaign = setup["fw"].campaign
    for n in range(12):
        activity_record(
            unit=world.unit_a,
            campaign=campaign,
            title=f"活动{n}",
            kind="宣讲",
            date=dt.date(2025, 5, 1),
            place="会议室",
            participants=10,
            by=world.liaison_a,
        )
    inspection_record(
        campaign=campaign,
        date=dt.date(2025, 5, 1),
        region=world.regions.county_a,
        place="x",
        findings="x",
        items=[(world.unit_a, f"问题{n}", "", dt.date(2025, 5, 9)) for n in range(12)],
        by=world.city_staff,
    )
    c = client_for(world.liaison_a)
    for name in ("campaigns:activity_list", "campaigns:rectification_list", "campaigns:task_list"):
        with django_assert_max_num_queries(12):
            assert c.get(reverse(name)).status_code == 200


def test_staff_see_the_task_page_without_a_submit_form(setup, world, client_for):
    page = client_for(world.city_staff).get(reverse("campaigns:task_detail", args=[setup["mine"].pk]))
    assert page.status_code == 200 and "提交审核" not in page.content.decode()
    r = client_for(world.city_staff).post(
        reverse("campaigns:task_detail", args=[setup["mine"].pk]), {"text": "x", "submit": "1"}
    )
    assert r.status_code == 403


def test_task_list_counts_each_status_and_filters_by_campaign(setup, world, client_for):
    other_fw = FrameworkFactory(campaign__region=world.regions.city, campaign__name="2025年文明交通行动")
    tree(other_fw, {"1.1.1": "1"})
    task(other_fw.indicators.get(code="1.1.1"), world.unit_a, deadline=dt.date(2025, 3, 1))
    c = client_for(world.liaison_a)
    r = c.get(reverse("campaigns:task_list"))  # the other tasks are due in 2098/2099
    counts = {v: n for v, _label, n in r.context["statuses"]}
    assert r.context["total"] == 3 and counts["overdue"] == 1 and counts["not_started"] == 2
    assert "逾期（1）" in r.content.decode() and "2025年文明交通行动" in r.content.decode()
    only = c.get(reverse("campaigns:task_list"), {"campaign": other_fw.campaign_id})
    assert [a.task.indicator.framework_id for a in only.context["page"]] == [other_fw.pk]
    assert only.context["total"] == 1
