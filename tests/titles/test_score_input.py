"""Scores and self-assessed points go through forms: NaN, Infinity, 1e999, -1, abc or
blank are a Chinese form error on the page (other values kept), never a 500, and change nothing."""

import pytest
from django.urls import reverse

from core.workflow import TransitionError
from titles.models import CriterionScore
from titles.services import applications as apps_svc
from titles.services import reviews as review_svc

from .conftest import make_app

ODD = ["NaN", "inf", "-Infinity", "1e999", "-1", "abc", ""]


@pytest.mark.parametrize("raw", ODD)
def test_odd_review_score_is_a_form_error_and_keeps_the_other_scores(tw, client_for, raw):
    a = make_app(tw, state="考评中").assignments.get()
    first, *rest = tw.crits
    data = {f"score_{first.pk}": raw} | {f"score_{c.pk}": "8.5" for c in rest} | {"comment": "特色鲜明"}
    response = client_for(tw.reviewer).post(reverse("titles:review_detail", args=[a.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and "评分未提交" in page
    assert any(m in page for m in ("得分应为数字", "得分应在0至10.0分之间", "请填写得分"))
    assert page.count('value="8.5"') == 2 and "特色鲜明" in page
    a.refresh_from_db()
    assert a.submitted_at is None and not CriterionScore.objects.exists()


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "1e999", "abc"])
def test_review_service_refuses_odd_scores_from_any_caller(tw, raw):
    a = make_app(tw, state="考评中").assignments.get()
    with pytest.raises(TransitionError, match="1："):
        review_svc.review_submit(assignment=a, scores={c.pk: raw for c in tw.crits}, comment="", by=tw.reviewer)


@pytest.mark.parametrize("raw", ODD[:-1])
def test_odd_self_assessed_points_are_a_form_error_and_change_nothing(tw, client_for, raw):
    app = make_app(tw)
    first, *rest = tw.crits
    data = {f"points_{first.pk}": raw, f"desc_{first.pk}": "说明一"}
    data |= {f"points_{c.pk}": "6" for c in rest} | {f"desc_{c.pk}": "说明" for c in rest} | {"summary": "简述改"}
    response = client_for(tw.liaison_a).post(reverse("titles:application", args=[app.pk]), data | {"save": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "自评未保存" in page
    assert "自评得分应为数字" in page or "自评得分应在0至10.0分之间" in page
    assert page.count('value="6"') == 2 and "简述改" in page and "说明一" in page
    app.refresh_from_db()
    assert app.summary == "" and all(i.claimed_points == 0 for i in app.items.all())


def test_self_assessment_service_refuses_nan(tw):
    app = make_app(tw)
    with pytest.raises(TransitionError, match="自评得分应为数字"):
        apps_svc.application_save_items(application=app, items={tw.crits[0].pk: ("NaN", "x")}, by=tw.liaison_a)


def test_odd_criterion_keys_are_ignored(tw, client_for):
    app = make_app(tw)
    response = client_for(tw.liaison_a).post(
        reverse("titles:application", args=[app.pk]), {"points_abc": "1", "desc_abc": "x", "summary": "s"}
    )
    assert response.status_code == 302
