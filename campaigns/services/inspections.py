"""督查 and 整改: staff record an inspection and the items each unit must put right;
the unit's liaison answers with what was done; staff close the item or send it back."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.files import validate_document, validate_image
from core.workflow import TransitionError, run_transition

from ..models import Inspection, InspectionPhoto, Rectification, RectificationResponse


@transaction.atomic
def inspection_record(
    *,
    campaign,
    date: dt.date,
    region,
    place: str,
    findings: str,
    unit=None,
    inspectors: str = "",
    photos=(),
    items=(),
    by,
) -> Inspection:
    """`items`: (unit, issue, requirement, deadline) for each rectification to create."""
    for p in photos:
        validate_image(p)
    inspection = Inspection(
        campaign=campaign,
        date=date,
        region=region,
        place=place,
        unit=unit,
        inspectors=inspectors,
        findings=findings,
        created_by=by,
    )
    inspection._history_user = by
    inspection.save()
    for p in photos:
        InspectionPhoto.objects.create(inspection=inspection, file=p, caption=getattr(p, "name", "")[:200])
    for item_unit, issue, requirement, deadline in items:
        rectification_create(
            inspection=inspection, unit=item_unit, issue=issue, requirement=requirement, deadline=deadline, by=by
        )
    return inspection


def rectification_create(*, inspection, unit, issue: str, requirement: str = "", deadline: dt.date, by):
    if deadline < inspection.date:
        raise TransitionError(_("整改时限不能早于督查日期"))
    item = Rectification(inspection=inspection, unit=unit, issue=issue, requirement=requirement, deadline=deadline)
    item._history_user = by
    item.save()
    return item


@transaction.atomic
def rectification_answer(*, rectification: Rectification, text: str, file=None, by) -> RectificationResponse:
    if not rectification.unit.liaisons.filter(pk=by.pk).exists():
        raise PermissionDenied(_("只有本单位联络员可以反馈整改情况"))
    if not (text or "").strip():
        raise TransitionError(_("请填写整改情况"))
    if file:
        validate_document(file)
    rectification._history_user = by
    run_transition(rectification, "answer", by=by, comment=text.strip()[:500])
    return RectificationResponse.objects.create(rectification=rectification, text=text.strip(), file=file or "", by=by)


def rectification_close(*, rectification: Rectification, by, comment: str = "") -> Rectification:
    rectification._history_user = by
    run_transition(rectification, "close", by=by, comment=comment.strip())
    return rectification


def rectification_reopen(*, rectification: Rectification, by, comment: str) -> Rectification:
    if not (comment or "").strip():
        raise TransitionError(_("退回整改时必须填写意见"))
    rectification._history_user = by
    run_transition(rectification, "reopen", by=by, comment=comment.strip())
    return rectification
