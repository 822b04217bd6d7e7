from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import validate_document
from core.scoping import unit_worker
from core.workflow import TransitionError, run_transition

from ..models import MaterialRequirement, MaterialStatus, MaterialSubmission
from . import fresh


@transaction.atomic
def material_upload(*, requirement: MaterialRequirement, unit, file, note: str = "", by) -> MaterialSubmission:
    """Upload (or re-upload after 退回) a unit's yearly material; accepted ones are final."""
    if not unit_worker(by, unit):
        raise TransitionError(_("您无权为该单位上传材料"))
    if not requirement.applies_to(unit):
        raise TransitionError(_("该材料要求不适用于本单位"))
    validate_document(file)
    sub = MaterialSubmission.objects.select_for_update(of=("self",)).filter(requirement=requirement, unit=unit).first()
    if sub is None:
        return MaterialSubmission.objects.create(
            requirement=requirement,
            unit=unit,
            file=file,
            original_name=file.name[:200],
            note=note,
            uploaded_by=by,
            uploaded_at=timezone.now(),
        )
    if sub.status == MaterialStatus.ACCEPTED:
        raise TransitionError(_("该材料已审核通过，不能再次上传"))
    sub.file, sub.original_name, sub.note = file, file.name[:200], note
    sub.uploaded_by, sub.uploaded_at = by, timezone.now()
    run_transition(sub, "resubmit", by=by)
    return sub


def material_accept(*, submission: MaterialSubmission, comment: str = "", by) -> None:
    _review(submission, "accept", comment, by)


def material_return(*, submission: MaterialSubmission, comment: str, by) -> None:
    if not comment.strip():
        raise TransitionError(_("退回时请填写意见"))
    _review(submission, "return_for_changes", comment.strip(), by)


def _review(submission, name, comment, by):
    with transaction.atomic():
        sub = fresh(submission)
        sub.reviewed_by, sub.reviewed_at = by, timezone.now()
        run_transition(sub, name, by=by, comment=comment)
    submission.refresh_from_db()
