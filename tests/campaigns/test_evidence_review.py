import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from campaigns.models import Evidence
from campaigns.services.evidence import evidence_accept, evidence_return, evidence_review_batch, evidence_save
from core.models import StateLog
from core.workflow import TransitionError

from .factories import FrameworkFactory, pdf_upload, task, tree

E = Evidence.Status


@pytest.fixture
def part(world):
    fw = FrameworkFactory(campaign__region=world.regions.city)
    leaves = tree(fw, {"1.1.1": "2", "1.1.2": "1"})
    t = task(leaves["1.1.1"], world.unit_a, co=[world.unit_b], deadline=dt.date(2099, 6, 30))
    return t.assignments.get(unit=world.unit_a)


def submit(part, user, text="已完成", files=()):
    return evidence_save(assignment=part, text=text, files=files, submit=True, by=user)


def test_liaison_saves_a_draft_then_submits_with_files(part, world):
    draft = evidence_save(assignment=part, text="初稿", links="https://example.com/a", submit=False, by=world.liaison_a)
    assert draft.status == E.DRAFT
    again = evidence_save(assignment=part, text="定稿", files=[pdf_upload()], submit=True, by=world.liaison_a)
    assert again.pk == draft.pk and again.status == E.SUBMITTED and again.submitted_at
    assert [f.name for f in again.files.all()] == ["材料.pdf"]
    assert StateLog.objects.get(object_id=again.pk).transition == "submit"


def test_empty_submission_is_refused(part, world):
    with pytest.raises(TransitionError, match="请填写情况说明"):
        evidence_save(assignment=part, text=" ", submit=True, by=world.liaison_a)


def test_liaison_of_another_unit_cannot_submit(part, world):
    with pytest.raises(PermissionDenied):
        submit(part, world.liaison_b)


def test_no_changes_while_under_review_or_after_acceptance(part, world):
    ev = submit(part, world.liaison_a)
    with pytest.raises(TransitionError, match="正在审核中"):
        submit(part, world.liaison_a, "再改")
    evidence_accept(evidence=ev, by=world.city_staff)
    with pytest.raises(TransitionError, match="已审核通过"):
        submit(part, world.liaison_a, "再改")


def test_return_needs_a_comment_and_resubmission_is_a_new_row(part, world):
    ev = submit(part, world.liaison_a)
    with pytest.raises(TransitionError, match="必须填写退回意见"):
        evidence_return(evidence=ev, by=world.city_staff, comment="")
    evidence_return(evidence=ev, by=world.city_staff, comment="缺少测评材料提交表")
    ev.refresh_from_db()
    assert (ev.status, ev.review_comment, ev.reviewed_by) == (E.RETURNED, "缺少测评材料提交表", world.city_staff)
    second = submit(part, world.liaison_a, "已补充")
    assert second.pk != ev.pk and second.status == E.SUBMITTED
    assert Evidence.objects.filter(assignment=part).count() == 2


def test_official_and_liaison_cannot_review(part, world):
    ev = submit(part, world.liaison_a)
    for user in (world.official, world.liaison_a):
        with pytest.raises(PermissionDenied):
            evidence_accept(evidence=ev, by=user)
    ev.refresh_from_db()
    assert ev.status == E.SUBMITTED


def test_accepting_twice_or_a_draft_is_refused(part, world):
    draft = evidence_save(assignment=part, text="草稿", submit=False, by=world.liaison_a)
    with pytest.raises(TransitionError):
        evidence_accept(evidence=draft, by=world.city_staff)
    submitted = submit(part, world.liaison_a)
    evidence_accept(evidence=submitted, by=world.city_staff)
    with pytest.raises(TransitionError):
        evidence_return(evidence=submitted, by=world.city_staff, comment="晚了")


def test_review_decisions_are_kept_in_history(part, world):
    ev = submit(part, world.liaison_a)
    evidence_accept(evidence=ev, by=world.city_staff, comment="符合要求")
    latest = ev.history.first()
    assert latest.status == E.ACCEPTED and latest.history_user == world.city_staff
    assert [h.status for h in ev.history.order_by("history_id")] == [E.DRAFT, E.SUBMITTED, E.ACCEPTED]


def test_batch_review_skips_what_is_not_awaiting_review(part, world):
    other = part.task.assignments.get(unit=world.unit_b)
    a = submit(part, world.liaison_a)
    b = evidence_save(assignment=other, text="草稿", submit=False, by=world.liaison_b)
    with pytest.raises(TransitionError):
        evidence_review_batch(evidence_qs=Evidence.objects.all(), accept=False, comment="", by=world.city_staff)
    done, skipped = evidence_review_batch(evidence_qs=Evidence.objects.all(), accept=True, by=world.city_staff)
    assert (done, skipped) == (1, 1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (E.ACCEPTED, E.DRAFT)
