"""Liaison pages: what is due, filling and submitting, return and resubmit; scoping
(other unit → 404, read-only → 403), attachments served only through the checked view."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from titles.models import ApplicationAttachment, AppStatus, CultivationRound, MaterialRequirement

from .conftest import YEAR, make_app, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(YEAR, 3, 10, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        yield


def test_liaison_home_shows_what_is_due_this_year(tw, client_for, frozen):
    CultivationRound.objects.create(region=tw.regions.city, year=YEAR, deadline=dt.date(YEAR, 3, 31))
    MaterialRequirement.objects.create(
        region=tw.regions.city, year=YEAR, name="年度创建工作总结", due_date=dt.date(YEAR, 12, 15)
    )
    app = make_app(tw, state="退回")
    client = client_for(tw.liaison_a)
    body = client.get(reverse("titles:home")).content.decode()
    assert "2025年3月31日" in body and "年度创建工作总结" in body and "2025年12月15日" in body
    assert "退回原因：请补充材料" in body and reverse("titles:application", args=[app.pk]) in body
    todos = client.get(reverse("portal:home")).content.decode()
    assert "培育对象推荐" in todos and "年度创建工作总结" in todos and "退回" in todos


def test_liaison_creates_fills_saves_and_submits(tw, client_for):
    client = client_for(tw.liaison_a)
    response = client.post(
        reverse("titles:application_new"), {"unit": tw.unit_a.pk, "category": tw.cat.pk, "level": "市级", "year": YEAR}
    )
    app = tw.unit_a.title_applications.get()
    assert response.url == reverse("titles:application", args=[app.pk])
    url = reverse("titles:application", args=[app.pk])
    data = (
        {"summary": "简述"}
        | {f"points_{c.pk}": "8" for c in tw.crits}
        | {f"desc_{c.pk}": f"{c.name}说明" for c in tw.crits}
    )
    client.post(url, data | {"save": "1"})
    app.refresh_from_db()
    assert app.status == AppStatus.DRAFT and app.items.get(criterion=tw.crits[0]).description == "思想道德建设说明"
    client.post(reverse("titles:attachment_upload", args=[app.pk]), {"name": "总结", "file": pdf()})
    client.post(url, data | {"submit": "1"})
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED and app.revisions.get().snapshot["attachments"][0]["name"] == "总结"


def test_returned_application_shows_reason_and_can_be_resubmitted(tw, client_for):
    app = make_app(tw, state="退回")
    client = client_for(tw.liaison_a)
    url = reverse("titles:application", args=[app.pk])
    assert "退回原因：请补充材料" in client.get(url).content.decode()
    data = {"summary": "改"} | {f"points_{c.pk}": "9" for c in tw.crits} | {f"desc_{c.pk}": "补充" for c in tw.crits}
    client.post(url, data | {"submit": "1"})
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED and app.revision == 2


def test_points_over_max_are_refused_with_chinese_message(tw, client_for):
    app = make_app(tw)
    client = client_for(tw.liaison_a)
    url = reverse("titles:application", args=[app.pk])
    response = client.post(
        url, {f"points_{tw.crits[0].pk}": "12", f"desc_{tw.crits[0].pk}": "x", "save": "1"}, follow=True
    )
    assert "自评得分应在0至10.0分之间" in response.content.decode()


def test_other_units_application_is_404(tw, client_for):
    app = make_app(tw)
    client = client_for(tw.liaison_b)
    assert client.get(reverse("titles:application", args=[app.pk])).status_code == 404
    assert client.post(reverse("titles:application", args=[app.pk]), {"submit": "1"}).status_code == 404
    assert client.post(reverse("titles:attachment_upload", args=[app.pk]), {"file": pdf()}).status_code == 404


def test_official_may_look_but_not_change(tw, client_for):
    app = make_app(tw)
    client = client_for(tw.official)
    assert client.get(reverse("titles:application", args=[app.pk])).status_code == 200
    assert client.post(reverse("titles:application", args=[app.pk]), {"submit": "1"}).status_code == 403
    assert client.post(reverse("titles:attachment_upload", args=[app.pk]), {"file": pdf()}).status_code == 403
    assert client.get(reverse("titles:home")).status_code == 403


def test_anonymous_is_sent_to_login(tw, client):
    app = make_app(tw)
    response = client.get(reverse("titles:application", args=[app.pk]))
    assert response.status_code == 302 and reverse("login") in response.url


def test_attachment_download_is_scoped(tw, client_for):
    from titles.services import applications as apps_svc

    app = make_app(tw)
    att = apps_svc.attachment_add(application=app, file=pdf("总结.pdf"), name="总结", by=tw.liaison_a)
    url = reverse("titles:attachment_download", args=[att.pk])
    response = client_for(tw.liaison_a).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(tw.liaison_b).get(url).status_code == 404
    assert client_for(tw.county_b_staff).get(url).status_code == 404
    assert client_for(tw.reviewer).get(url).status_code == 404  # not assigned
    assert client_for(tw.county_a_staff).get(url).status_code == 200
    assert "/media" not in att.file.url or not att.file.url.startswith("/media/")


def test_assigned_reviewer_may_download_attachments(tw, client_for):
    from titles.services import applications as apps_svc

    app = make_app(tw)
    att = apps_svc.attachment_add(application=app, file=pdf(), name="总结", by=tw.liaison_a)
    from titles.services import reviews as review_svc

    fill_and_assess(tw, app)
    review_svc.reviewers_assign(applications=[app], reviewers=[tw.reviewer], by=tw.city_staff)
    assert client_for(tw.reviewer).get(reverse("titles:attachment_download", args=[att.pk])).status_code == 200


def fill_and_assess(tw, app):
    from titles.services import applications as apps_svc

    from .conftest import fill

    fill(app, tw.liaison_a)
    apps_svc.application_submit(application=app, by=tw.liaison_a)
    apps_svc.application_start_assessment(application=app, by=tw.city_staff)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("病毒.exe", b"MZ....", "不支持的文件类型"),
        ("假的.pdf", b"GIF89a", "文件内容与扩展名"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_bad_attachments_are_refused_in_chinese(tw, client_for, name, content, message):
    app = make_app(tw)
    response = client_for(tw.liaison_a).post(
        reverse("titles:attachment_upload", args=[app.pk]), {"file": SimpleUploadedFile(name, content)}, follow=True
    )
    assert message in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def test_oversized_attachment_is_refused(tw, client_for, settings):
    settings.MAX_UPLOAD_MB = 1
    app = make_app(tw)
    big = SimpleUploadedFile("大.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10))
    response = client_for(tw.liaison_a).post(
        reverse("titles:attachment_upload", args=[app.pk]), {"file": big}, follow=True
    )
    assert "文件过大：不能超过 1 MB" in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def test_liaison_recommends_own_unit_before_deadline_only(tw, client_for):
    CultivationRound.objects.create(region=tw.regions.city, year=YEAR, deadline=dt.date(YEAR, 3, 31))
    client = client_for(tw.liaison_a)
    with time_machine.travel(dt.datetime(YEAR, 3, 31, 20, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        client.post(reverse("titles:recommend", args=[tw.unit_a.pk]), {"category": tw.cat.pk, "reason": "基础好"})
    assert tw.unit_a.cultivationrecommendation_set.count() == 1
    with time_machine.travel(dt.datetime(YEAR, 4, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        client.post(reverse("titles:recommend", args=[tw.unit_a.pk]), {"category": tw.cat.pk})
        assert client.post(reverse("titles:recommend", args=[tw.unit_b.pk]), {"category": tw.cat.pk}).status_code == 404
    assert tw.unit_a.cultivationrecommendation_set.count() == 1


def test_cultivation_round_deadline_defaults_to_march_31(tw):
    with time_machine.travel(dt.datetime(YEAR, 1, 5, 9, 0), tick=False):
        rnd = CultivationRound.objects.create(region=tw.regions.city, year=YEAR)
    assert rnd.deadline == dt.date(YEAR, 3, 31)


def test_pairing_and_records_from_the_portal(tw, client_for):
    client = client_for(tw.liaison_a)
    client.post(
        reverse("titles:pairing_new", args=[tw.unit_a.pk]),
        {"partner": tw.unit_a2.pk, "started_on": "2025-03-01", "goals": "共建"},
    )
    pairing = tw.unit_a.pairings.get()
    client.post(
        reverse("titles:pairing_record", args=[pairing.pk]),
        {"date": "2025-05-01", "content": "志愿服务进社区", "people": 12},
    )
    assert pairing.records.get().people == 12
    assert (
        client_for(tw.liaison_b)
        .post(reverse("titles:pairing_record", args=[pairing.pk]), {"date": "2025-05-02", "content": "x", "people": 1})
        .status_code
        == 404
    )


def test_home_lists_what_the_unit_may_apply_for_with_its_deadline(tw, client_for, frozen):
    tw.system.application_deadline = dt.date(YEAR, 10, 31)
    tw.system.save()
    client = client_for(tw.liaison_a)
    body = client.get(reverse("titles:home")).content.decode()
    assert "未申报" in body and "申报截止 2025年10月31日" in body
    app = make_app(tw, state="退回")
    body = client.get(reverse("titles:home")).content.decode()
    assert "未申报" not in body and "申报截止 2025年10月31日" in body and "退回原因" in body
    from core.registry import todos_for

    todo = next(t for t in todos_for(tw.liaison_a) if "申报" in t.title and t.url.endswith(f"/{app.pk}/"))
    assert todo.due == dt.date(YEAR, 10, 31)
