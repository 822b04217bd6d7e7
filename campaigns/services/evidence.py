"""佐证材料: a liaison saves and submits evidence for their unit's task; staff accept it
or return it with a comment; a returned task gets a new submission."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.files import validate_document
from core.workflow import TransitionError, run_transition

from ..models import Evidence, EvidenceFile, TaskAssignment

E = Evidence.Status


def _current(assignment: TaskAssignment) -> Evidence | None:
    return assignment.evidence.order_by("-created_at", "-pk").first()


@transaction.atomic
def evidence_save(
    *, assignment: TaskAssignment, text: str = "", links: str = "", files=(), submit: bool, by
) -> Evidence:
    """Save the unit's draft (a new one after a return) and, with `submit`, hand it in.

    Callers find `assignment` through the scoping helper; only a liaison of the unit
    may write its evidence."""
    if not assignment.unit.liaisons.filter(pk=by.pk).exists():
        raise PermissionDenied(_("只有本单位联络员可以提交佐证材料"))
    TaskAssignment.objects.select_for_update(of=("self",)).filter(pk=assignment.pk).first()
    current = _current(assignment)
    if current and current.status == E.SUBMITTED:
        raise TransitionError(_("材料已提交，正在审核中，审核前不能修改"))
    if current and current.status == E.ACCEPTED:
        raise TransitionError(_("该任务的材料已审核通过，无需再提交"))
    for f in files:
        validate_document(f)
    if current is None or current.status == E.RETURNED:
        current = Evidence(assignment=assignment, created_by=by)
    current.text = text.strip()
    current.links = "\n".join(line.strip() for line in links.splitlines() if line.strip())
    current._history_user = by
    current.save()
    for f in files:
        EvidenceFile.objects.create(evidence=current, file=f, name=getattr(f, "name", "")[:200])
    if submit:
        if not (current.text or current.links or current.files.exists()):
            raise TransitionError(_("请填写情况说明、上传文件或填写链接后再提交"))
        current._history_user = by
        run_transition(current, "submit", by=by)
    return current


def evidence_accept(*, evidence: Evidence, by, comment: str = "") -> Evidence:
    evidence._history_user = by
    run_transition(evidence, "accept", by=by, comment=comment.strip())
    return evidence


def evidence_return(*, evidence: Evidence, by, comment: str) -> Evidence:
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError(_("退回时必须填写退回意见"))
    evidence._history_user = by
    run_transition(evidence, "return_", by=by, comment=comment)
    return evidence


@transaction.atomic
def evidence_review_batch(*, evidence_qs, accept: bool, comment: str = "", by) -> tuple[int, int]:
    """Accept or return many submissions at once; those not awaiting review are skipped.
    Returns (done, skipped)."""
    if not accept and not (comment or "").strip():
        raise TransitionError(_("退回时必须填写退回意见"))
    done = skipped = 0
    for ev in evidence_qs.select_related("assignment__unit"):
        if ev.status != E.SUBMITTED:
            skipped += 1
            continue
        if accept:
            evidence_accept(evidence=ev, by=by, comment=comment)
        else:
            evidence_return(evidence=ev, by=by, comment=comment)
        done += 1
    return done, skipped
