import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from campaigns.models import Rectification
from campaigns.services.inspections import (
    inspection_record,
    rectification_answer,
    rectification_close,
    rectification_reopen,
)
from core.workflow import TransitionError

from .factories import CampaignFactory, png_upload

S = Rectification.Status


@pytest.fixture
def item(world):
    ins = inspection_record(
        campaign=CampaignFactory(region=world.regions.city),
        date=dt.date(2025, 4, 1),
        region=world.regions.county_a,
        place="梁园区农贸市场",
        unit=world.unit_a,
        findings="占道经营",
        photos=[png_upload()],
        items=[(world.unit_a, "东侧占道经营", "清理摊位", dt.date(2025, 4, 15))],
        by=world.city_staff,
    )
    return ins.rectifications.get()


def test_inspection_creates_rectification_items(item, world):
    assert item.status == S.OPEN and item.inspection.photos.count() == 1
    assert item.history.count() == 1


def test_deadline_before_inspection_is_refused(world):
    with pytest.raises(TransitionError, match="不能早于督查日期"):
        inspection_record(
            campaign=None,
            date=dt.date(2025, 4, 1),
            region=world.regions.county_a,
            place="x",
            findings="x",
            items=[(world.unit_a, "x", "", dt.date(2025, 3, 1))],
            by=world.city_staff,
        )


def test_liaison_answers_staff_closes(item, world):
    rectification_answer(rectification=item, text="已清理完毕", by=world.liaison_a)
    assert item.status == S.ANSWERED
    rectification_close(rectification=item, by=world.city_staff, comment="复查合格")
    item.refresh_from_db()
    assert (item.status, item.closed_by, item.staff_comment) == (S.CLOSED, world.city_staff, "复查合格")
    assert [h.status for h in item.history.order_by("history_id")] == [S.OPEN, S.ANSWERED, S.CLOSED]


def test_staff_can_send_it_back_with_a_comment(item, world):
    rectification_answer(rectification=item, text="已清理", by=world.liaison_a)
    with pytest.raises(TransitionError):
        rectification_reopen(rectification=item, by=world.city_staff, comment="")
    rectification_reopen(rectification=item, by=world.city_staff, comment="仍有摊位占道")
    assert item.status == S.OPEN
    rectification_answer(rectification=item, text="再次清理", by=world.liaison_a)
    assert item.responses.count() == 2


def test_forbidden_moves(item, world):
    with pytest.raises(PermissionDenied):
        rectification_answer(rectification=item, text="x", by=world.liaison_b)
    with pytest.raises(TransitionError):
        rectification_close(rectification=item, by=world.city_staff)  # not answered yet
    rectification_answer(rectification=item, text="已清理", by=world.liaison_a)
    with pytest.raises(TransitionError):
        rectification_answer(rectification=item, text="again", by=world.liaison_a)
    for user in (world.liaison_a, world.official):
        with pytest.raises(PermissionDenied):
            rectification_close(rectification=item, by=user)


def test_overdue_flag(item):
    import time_machine

    with time_machine.travel(dt.datetime(2025, 4, 16, 12, tzinfo=dt.UTC)):
        assert item.is_overdue
    with time_machine.travel(dt.datetime(2025, 4, 15, 12, tzinfo=dt.UTC)):
        assert not item.is_overdue


def test_admin_inline_refuses_a_deadline_before_the_inspection(world, client_for):
    from django.urls import reverse

    c = client_for(world.city_staff)
    data = {
        "date": "2025-04-01",
        "region": world.regions.county_a.pk,
        "place": "农贸市场",
        "findings": "占道经营",
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "rectifications-TOTAL_FORMS": 1,
        "rectifications-INITIAL_FORMS": 0,
        "rectifications-0-unit": world.unit_a.pk,
        "rectifications-0-issue": "占道",
        "rectifications-0-requirement": "",
        "rectifications-0-deadline": "2025-03-01",
    }
    r = c.post(reverse("admin:campaigns_inspection_add"), data)
    assert r.status_code == 200 and "整改时限不能早于督查日期" in r.content.decode()
    data["rectifications-0-deadline"] = "2025-04-10"
    assert c.post(reverse("admin:campaigns_inspection_add"), data).status_code == 302
    item = Rectification.objects.get()
    assert item.history.first().history_user == world.city_staff


def test_answered_item_cannot_be_deleted_and_shows_local_time(item, world, client):
    import zoneinfo

    from django.utils import timezone

    rectification_answer(rectification=item, text="已清理", by=world.liaison_a)
    response = item.responses.get()
    response.at = dt.datetime(2025, 4, 10, 1, 30, tzinfo=dt.UTC)  # 09:30 in Shanghai
    response.save()
    client.force_login(world.city_staff)
    page = client.get(f"/admin/campaigns/rectification/{item.pk}/change/")
    assert "2025年4月10日 09:30" in page.content.decode()
    assert client.get(f"/admin/campaigns/rectification/{item.pk}/delete/").status_code == 403
    changelist = client.get("/admin/campaigns/rectification/")
    assert "delete_selected" not in changelist.content.decode()
    assert timezone.get_current_timezone() == zoneinfo.ZoneInfo("Asia/Shanghai")
