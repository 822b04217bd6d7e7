"""Reviewers: only what is assigned to them, never their own unit's; scores within max,
tied to the revision they saw; staff see every score and the average."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.roles import Role
from core.workflow import TransitionError
from tests.factories import make_user
from titles.services import applications as apps_svc
from titles.services import reviews as review_svc

from .conftest import make_app

pytestmark = pytest.mark.django_db


def test_reviewer_sees_only_assigned_applications(tw, client_for):
    mine = make_app(tw, state="考评中")
    other = make_app(tw, unit=tw.unit_b, state="已提交")
    client = client_for(tw.reviewer)
    body = client.get(reverse("titles:review_list")).content.decode()
    assert "梁园区教育局" in body and "睢阳区教育局" not in body
    assignment = mine.assignments.get()
    assert client.get(reverse("titles:review_detail", args=[assignment.pk])).status_code == 200
    # another reviewer's assignment and an unassigned application: 404
    second = make_user("reviewer2", [Role.REVIEWER])
    review_svc.reviewers_assign(applications=[mine], reviewers=[second], by=tw.city_staff)
    theirs = mine.assignments.get(reviewer=second)
    assert client.get(reverse("titles:review_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("titles:application", args=[other.pk])).status_code == 404


def test_reviewer_is_never_assigned_their_own_units_application(tw):
    app = make_app(tw, state="考评中")
    tw.unit_a.liaisons.add(tw.reviewer)
    with pytest.raises(TransitionError, match="须回避"):
        review_svc.reviewers_assign(applications=[app], reviewers=[tw.reviewer], by=tw.city_staff)


def test_liaison_reviewer_does_not_see_own_unit_in_review_pages(tw, client_for):
    app = make_app(tw, state="考评中")
    tw.unit_a.liaisons.add(tw.reviewer)  # became liaison after assignment
    client = client_for(tw.reviewer)
    assert "梁园区教育局" not in client.get(reverse("titles:review_list")).content.decode()
    assert client.get(reverse("titles:review_detail", args=[app.assignments.get().pk])).status_code == 404


def test_only_reviewers_can_be_assigned(tw):
    app = make_app(tw, state="考评中")
    with pytest.raises(TransitionError, match="不是评审专家"):
        review_svc.reviewers_assign(applications=[app], reviewers=[tw.liaison_b], by=tw.city_staff)


def test_scores_must_be_within_max_and_complete(tw, client_for):
    app = make_app(tw, state="考评中")
    a = app.assignments.get()
    with pytest.raises(TransitionError, match="得分应在0至10.0分之间"):
        review_svc.review_submit(assignment=a, scores={c.pk: 11 for c in tw.crits}, comment="", by=tw.reviewer)
    with pytest.raises(TransitionError, match="请填写得分"):
        review_svc.review_submit(assignment=a, scores={tw.crits[0].pk: 5}, comment="", by=tw.reviewer)
    response = client_for(tw.reviewer).post(
        reverse("titles:review_detail", args=[a.pk]), {f"score_{c.pk}": "10.5" for c in tw.crits} | {"comment": "x"}
    )
    assert response.status_code == 400 and "得分应在0至10.0分之间" in response.content.decode()
    a.refresh_from_db()
    assert a.submitted_at is None


def test_reviewer_submits_scores_through_the_page(tw, client_for):
    app = make_app(tw, state="考评中")
    a = app.assignments.get()
    data = {f"score_{c.pk}": v for c, v in zip(tw.crits, ["9", "8.5", "7"], strict=True)} | {"comment": "特色鲜明"}
    response = client_for(tw.reviewer).post(reverse("titles:review_detail", args=[a.pk]), data)
    assert response.status_code == 302
    a.refresh_from_db()
    app.refresh_from_db()
    assert a.total == Decimal("24.5") and a.comment == "特色鲜明" and a.revision.number == 1
    assert app.average_score == Decimal("24.5")


def test_other_reviewer_cannot_submit_someone_elses_assignment(tw):
    app = make_app(tw, state="考评中")
    second = make_user("reviewer2", [Role.REVIEWER])
    with pytest.raises(TransitionError, match="只能提交分配给您的评审"):
        review_svc.review_submit(assignment=app.assignments.get(), scores={}, comment="", by=second)


def test_resubmission_is_a_new_revision_and_reviewer_sees_what_changed(tw, client_for):
    app = make_app(tw, state="考评中")
    a = app.assignments.get()
    review_svc.review_submit(assignment=a, scores={c.pk: 8 for c in tw.crits}, comment="", by=tw.reviewer)
    apps_svc.application_return(application=app, reason="补结对协议", by=tw.city_staff)
    apps_svc.application_save_items(application=app, items={tw.crits[2].pk: (10, "签订结对协议")}, by=tw.liaison_a)
    apps_svc.application_submit(application=app, by=tw.liaison_a)
    apps_svc.application_start_assessment(application=app, by=tw.city_staff)
    body = client_for(tw.reviewer).get(reverse("titles:review_detail", args=[a.pk])).content.decode()
    assert "申报已修改" in body and "3 结对帮扶：自评分 8.0 → 10.0，说明已修改" in body
    a.refresh_from_db()
    assert a.revision.number == 1  # the old score stays tied to what was seen
    review_svc.review_submit(assignment=a, scores={c.pk: 9 for c in tw.crits}, comment="", by=tw.reviewer)
    a.refresh_from_db()
    assert a.revision.number == 2


def test_staff_see_every_reviewers_score_and_the_average(tw, client_for):
    app = make_app(tw, state="考评中")
    second = make_user("reviewer2", [Role.REVIEWER])
    review_svc.reviewers_assign(applications=[app], reviewers=[second], by=tw.city_staff)
    review_svc.review_submit(
        assignment=app.assignments.get(reviewer=tw.reviewer),
        scores={c.pk: 9 for c in tw.crits},
        comment="甲意见",
        by=tw.reviewer,
    )
    review_svc.review_submit(
        assignment=app.assignments.get(reviewer=second), scores={c.pk: 7 for c in tw.crits}, comment="乙意见", by=second
    )
    body = (
        client_for(tw.city_staff).get(reverse("admin:titles_titleapplication_change", args=[app.pk])).content.decode()
    )
    assert "甲意见" in body and "乙意见" in body
    assert "27.0" in body and "21.0" in body and "24.00" in body  # totals and average
