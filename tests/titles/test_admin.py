"""Office staff in the admin: batch actions through the services, naming list exports
(opened and checked), evaluation-system import, and query counts of list pages."""

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from titles.models import AppStatus, Consultation, Title
from titles.services import naming as naming_svc

from .conftest import YEAR, make_app

pytestmark = pytest.mark.django_db


def _action(client, model, action, ids, **data):
    return client.post(
        reverse(f"admin:titles_{model}_changelist"), {"action": action, ACTION_CHECKBOX_NAME: ids, **data}
    )


def test_batch_return_asks_for_reason_then_returns(tw, client_for):
    a1, a2 = make_app(tw, state="已提交"), make_app(tw, unit=tw.unit_b, state="已提交")
    client = client_for(tw.city_staff)
    page = _action(client, "titleapplication", "act_return", [a1.pk, a2.pk])
    assert page.status_code == 200 and "原因/意见" in page.content.decode()
    _action(client, "titleapplication", "act_return", [a1.pk, a2.pk], apply="1", reason="材料不全")
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.status, a2.status, a1.return_reason) == (AppStatus.RETURNED, AppStatus.RETURNED, "材料不全")


def test_batch_assign_reviewers_and_start_consultation(tw, client_for):
    app = make_app(tw, state="已提交")
    client = client_for(tw.city_staff)
    _action(client, "titleapplication", "act_start_assessment", [app.pk])
    _action(client, "titleapplication", "act_assign_reviewers", [app.pk], apply="1", reviewers=[tw.reviewer.pk])
    assert app.assignments.get().reviewer == tw.reviewer
    from titles.services import reviews as review_svc

    review_svc.review_submit(
        assignment=app.assignments.get(), scores={c.pk: 9 for c in tw.crits}, comment="", by=tw.reviewer
    )
    _action(
        client,
        "titleapplication",
        "act_start_consultation",
        [app.pk],
        apply="1",
        departments=["纪检监察", "卫生健康"],
        others="应急管理",
    )
    app.refresh_from_db()
    assert app.status == AppStatus.CONSULTING
    assert set(app.consultations.values_list("department", flat=True)) == {"纪检监察", "卫生健康", "应急管理"}


def test_recording_a_veto_in_admin_stops_the_application(tw, client_for):
    app = make_app(tw, state="征求意见")
    row = app.consultations.get(department="纪检监察")
    client_for(tw.city_staff).post(
        reverse("admin:titles_consultation_change", args=[row.pk]), {"answer": "否决", "reason": "受到党纪处分"}
    )
    app.refresh_from_db()
    assert app.status == AppStatus.REJECTED and "受到党纪处分" in app.outcome_reason
    assert Consultation.objects.get(pk=row.pk).answer == "否决"


def test_county_b_staff_cannot_act_on_county_a_application(tw, client_for):
    app = make_app(tw, state="已提交")
    client = client_for(tw.county_b_staff)
    assert client.get(reverse("admin:titles_titleapplication_change", args=[app.pk])).status_code == 302
    _action(client, "titleapplication", "act_start_assessment", [app.pk])
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED


def test_batch_naming_and_naming_list_exports(tw, client_for):
    app = make_app(tw, state="公示中")
    app2 = make_app(tw, unit=tw.unit_b, state="公示中")
    client = client_for(tw.city_staff)
    with time_machine.travel(dt.datetime(YEAR, 11, 4, 10, 0), tick=False):
        response = _action(
            client, "titleapplication", "act_name", [app.pk], apply="1", doc_number="商文明委〔2025〕5号"
        )
        assert "尚未结束" in response.content.decode()
    assert not Title.objects.exists()
    with time_machine.travel(dt.datetime(YEAR, 11, 10, 10, 0), tick=False):
        _action(client, "titleapplication", "act_name", [app.pk, app2.pk], apply="1", doc_number="商文明委〔2025〕5号")
    ids = list(Title.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    response = _action(client, "title", "export_xlsx", ids)
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == [
        "序号",
        "单位名称",
        "称号",
        "级别",
        "所属区划",
        "命名年度",
        "命名文件文号",
        "届满年度",
    ]
    assert [c.value for c in ws[2]] == [
        1,
        "梁园区教育局",
        "文明单位",
        "市级",
        "梁园区",
        YEAR,
        "商文明委〔2025〕5号",
        YEAR + 2,
    ]
    assert ws[3][1].value == "睢阳区教育局"
    response = _action(client, "title", "export_docx", ids)
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text == "2025年度文明称号命名名单"
    assert "商文明委〔2025〕5号" in doc.paragraphs[1].text
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "单位名称", "称号", "级别", "所属区划"]
    assert [c.text for c in table.rows[1].cells] == ["1", "梁园区教育局", "文明单位", "市级", "梁园区"]
    assert len(table.rows) == 3


def test_naming_list_escapes_formula_like_unit_names(tw):
    title = Title(
        unit=tw.unit_a,
        category=tw.cat,
        level="市级",
        conferred_year=YEAR,
        doc_number="=HYPERLINK(1)",
        term_end_year=YEAR + 2,
    )
    ws = load_workbook(io.BytesIO(naming_svc.naming_list_xlsx([title]))).active
    assert ws["G2"].value == "'=HYPERLINK(1)"


def _criteria_file(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["2025年度文明单位测评体系"])
    ws.append(["编号", "测评内容", "分值", "评分说明"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "体系.xlsx"
    return buf


def test_evaluation_system_import_updates_and_adds(tw, client_for):
    url = reverse("admin:titles_evaluationsystem_import", args=[tw.system.pk])
    client = client_for(tw.city_staff)
    client.post(url, {"file": _criteria_file([["1", "思想道德建设（修订）", 12, "新说明"], ["9", "网络文明", 5, ""]])})
    crits = dict(tw.system.criteria.values_list("code", "max_points"))
    assert crits == {"1": 12, "2": 10, "3": 10, "9": 5}


def test_evaluation_system_import_reports_rows_and_writes_nothing(tw, client_for):
    url = reverse("admin:titles_evaluationsystem_import", args=[tw.system.pk])
    body = (
        client_for(tw.city_staff)
        .post(url, {"file": _criteria_file([["1", "改", 12, ""], ["", "无编号", "abc", ""]])})
        .content.decode()
    )
    assert "第4行 编号：不能为空" in body and "第4行 分值：应为大于0的数字" in body
    assert tw.system.criteria.get(code="1").name == "思想道德建设"


def test_title_admin_filters_and_dynamic_list(tw, client_for):
    from decimal import Decimal

    Title.objects.create(
        unit=tw.unit_a,
        category=tw.cat,
        level="市级",
        conferred_year=YEAR - 1,
        doc_number="d",
        term_end_year=YEAR + 5,
        latest_score=Decimal("70"),
    )
    Title.objects.create(
        unit=tw.unit_b,
        category=tw.cat,
        level="市级",
        conferred_year=YEAR - 1,
        doc_number="d",
        term_end_year=YEAR + 5,
        latest_score=Decimal("95"),
    )
    client = client_for(tw.city_staff)
    body = client.get(reverse("admin:titles_title_changelist"), {"dynamic": "low"}).content.decode()
    assert "梁园区教育局" in body and "睢阳区教育局" not in body and "低于分数线" in body
    body = client.get(reverse("admin:titles_title_changelist"), {"dynamic": "low", "threshold": "99"}).content.decode()
    assert "睢阳区教育局" in body
    body = client.get(reverse("admin:titles_title_changelist"), {"region": "411403"}).content.decode()
    assert "睢阳区教育局" in body and "梁园区教育局" not in body
    body = client.get(reverse("admin:titles_title_changelist"), {"q": "睢阳"}).content.decode()
    assert "睢阳区教育局" in body and "梁园区教育局" not in body


def test_official_cannot_reach_admin_actions(tw, client_for):
    app = make_app(tw, state="已提交")
    response = _action(client_for(tw.official), "titleapplication", "act_start_assessment", [app.pk])
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == AppStatus.SUBMITTED


ADMIN_MODELS = [
    "titlecategory",
    "evaluationsystem",
    "cultivationround",
    "cultivationrecommendation",
    "titleapplication",
    "consultation",
    "objection",
    "publicitybatch",
    "title",
    "reexamination",
    "pairing",
    "materialrequirement",
    "materialsubmission",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_titles_admin_list_and_form_opens_for_staff(tw, client_for, model):
    make_app(tw, state="公示中")
    client = client_for(tw.city_staff)
    assert client.get(reverse(f"admin:titles_{model}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:titles_{model}_add"))
    assert add.status_code in (200, 403)


def test_date_fields_show_their_initial_value_to_the_browser(tw, client_for):
    """<input type=date> only accepts ISO dates: a localised value shows an empty field
    (the publicity start date and the re-examination date looked blank)."""
    import re

    from django.utils import timezone

    from titles.admin.applications import PublicityForm
    from titles.admin.holdings import ReExamForm

    today = timezone.localdate().isoformat()
    html = str(PublicityForm(user=tw.city_staff)["start_date"])
    assert re.search(rf'type="date"[^>]*value="{today}"|value="{today}"[^>]*type="date"', html), html
    html = str(ReExamForm(initial={"examined_on": timezone.localdate()})["examined_on"])
    assert f'value="{today}"' in html
