"""Yearly materials: upload, accept/return with comment, re-upload; the completeness
matrix (units × requirements) and its Excel export."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.workflow import TransitionError
from titles.models import MaterialRequirement, MaterialStatus
from titles.selectors import completeness_matrix
from titles.services import materials as mat_svc

from .conftest import YEAR, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def reqs(tw):
    return [
        MaterialRequirement.objects.create(
            region=tw.regions.city, year=YEAR, name="年度创建工作总结", due_date=dt.date(YEAR, 12, 15)
        ),
        MaterialRequirement.objects.create(
            region=tw.regions.city, year=YEAR, name="佐证照片", unit_kinds=["社区"], due_date=dt.date(YEAR, 12, 1)
        ),
    ]


def test_upload_accept_return_and_reupload(tw, reqs):
    sub = mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    assert sub.status == MaterialStatus.SUBMITTED
    with pytest.raises(TransitionError, match="退回时请填写意见"):
        mat_svc.material_return(submission=sub, comment="", by=tw.city_staff)
    mat_svc.material_return(submission=sub, comment="未盖章", by=tw.city_staff)
    assert (sub.status, sub.review_comment) == (MaterialStatus.RETURNED, "未盖章")
    sub = mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf("新.pdf"), by=tw.liaison_a)
    assert (sub.status, sub.review_comment, sub.original_name) == (MaterialStatus.SUBMITTED, "", "新.pdf")
    mat_svc.material_accept(submission=sub, comment="合格", by=tw.city_staff)
    assert sub.status == MaterialStatus.ACCEPTED
    with pytest.raises(TransitionError, match="已审核通过"):
        mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)


def test_only_the_units_side_uploads_and_only_covering_staff_review(tw, reqs):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(TransitionError, match="无权"):
        mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_b)
    with pytest.raises(TransitionError, match="不适用于本单位"):
        mat_svc.material_upload(requirement=reqs[1], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    sub = mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    with pytest.raises(PermissionDenied):
        mat_svc.material_accept(submission=sub, by=tw.county_b_staff)
    with pytest.raises(PermissionDenied):
        mat_svc.material_accept(submission=sub, by=tw.liaison_a)


def test_liaison_uploads_from_portal_and_sees_status(tw, reqs, client_for):
    client = client_for(tw.liaison_a)
    client.post(reverse("titles:material_upload", args=[reqs[0].pk, tw.unit_a.pk]), {"file": pdf("总结.pdf")})
    sub = reqs[0].submissions.get()
    mat_svc.material_return(submission=sub, comment="请加盖公章", by=tw.city_staff)
    with __import__("time_machine").travel(dt.datetime(YEAR, 6, 1, 9, 0), tick=False):
        body = client.get(reverse("titles:home")).content.decode()
    assert "已退回" in body and "请加盖公章" in body and "重新上传" in body
    assert client_for(tw.liaison_b).get(reverse("titles:material_download", args=[sub.pk])).status_code == 404
    assert (
        client_for(tw.liaison_b)
        .post(reverse("titles:material_upload", args=[reqs[0].pk, tw.unit_a.pk]), {"file": pdf()})
        .status_code
        == 404
    )


def test_completeness_matrix_counts(tw, reqs):
    mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    sub = mat_svc.material_upload(requirement=reqs[1], unit=tw.unit_a2, file=pdf(), by=tw.city_staff)
    mat_svc.material_accept(submission=sub, by=tw.city_staff)
    m = completeness_matrix(tw.county_a_staff, region=tw.regions.county_a, year=YEAR)
    rows = {unit.name: (cells, counts) for unit, cells, counts in m.rows}
    assert set(rows) == {"梁园区教育局", "梁园区某街道社区"}  # county B and city units are out of scope
    assert rows["梁园区教育局"][1] == {"required": 1, "submitted": 1, "accepted": 0}
    assert rows["梁园区教育局"][0][0] == "n/a"  # 佐证照片 (due first) is for 社区 only
    assert rows["梁园区某街道社区"][1] == {"required": 2, "submitted": 1, "accepted": 1}
    assert (m.required, m.submitted, m.accepted) == (3, 2, 1)


def test_completeness_page_filters_by_region_and_exports_xlsx(tw, reqs, client_for):
    mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    client = client_for(tw.city_staff)
    url = reverse("admin:titles_materials_completeness")
    body = client.get(url, {"region": "411403", "year": YEAR}).content.decode()
    assert "睢阳区教育局" in body and "梁园区教育局" not in body
    response = client.get(url, {"region": "4114", "year": YEAR, "export": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["单位名称", "所属区划", "佐证照片", "年度创建工作总结", "应交", "已交", "已通过"]  # by due date
    by_unit = {r[0]: r for r in rows[1:]}
    assert by_unit["梁园区教育局"][2:] == ["—", "待审核", 1, 1, 0]
    assert by_unit["睢阳区教育局"][3] == "未提交"
    assert rows[-1][0] == "合计" and rows[-1][-3:] == [5, 1, 0]


def test_county_staff_cannot_pick_other_county_in_matrix(tw, reqs, client_for):
    body = (
        client_for(tw.county_a_staff)
        .get(reverse("admin:titles_materials_completeness"), {"region": "411403", "year": YEAR})
        .content.decode()
    )
    assert "睢阳区教育局" not in body


def test_batch_accept_in_admin(tw, reqs, client_for):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    sub = mat_svc.material_upload(requirement=reqs[0], unit=tw.unit_a, file=pdf(), by=tw.liaison_a)
    client_for(tw.city_staff).post(
        reverse("admin:titles_materialsubmission_changelist"), {"action": "act_accept", ACTION_CHECKBOX_NAME: [sub.pk]}
    )
    sub.refresh_from_db()
    assert sub.status == MaterialStatus.ACCEPTED and sub.reviewed_by == tw.city_staff


def test_matrix_page_is_capped_but_the_export_has_every_unit(tw, reqs, client_for):
    from tests.factories import UnitFactory

    for n in range(6):
        UnitFactory(name=f"梁园区单位{n}", region=tw.regions.county_a)
    page = completeness_matrix(tw.city_staff, region=tw.regions.city, year=YEAR, limit=3)
    full = completeness_matrix(tw.city_staff, region=tw.regions.city, year=YEAR, limit=None)
    assert page.truncated and len(page.rows) == 3
    assert not full.truncated and len(full.rows) >= 9
    response = client_for(tw.city_staff).get(
        reverse("admin:titles_materials_completeness"), {"region": "4114", "year": YEAR, "export": "xlsx"}
    )
    names = [r[0].value for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)]
    assert {f"梁园区单位{n}" for n in range(6)} <= set(names)
