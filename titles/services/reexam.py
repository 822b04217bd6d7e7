import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.workflow import TransitionError, run_transition

from ..models import ReExamination, Title
from . import fresh

_TRANSITION = {
    ReExamination.Outcome.KEEP: "keep",
    ReExamination.Outcome.RECTIFY: "warn",
    ReExamination.Outcome.REVOKE: "revoke",
}


@transaction.atomic
def reexamination_record(
    *,
    title: Title,
    year: int,
    examined_on: dt.date,
    outcome: str,
    score: Decimal | None = None,
    deadline: dt.date | None = None,
    reason: str = "",
    by,
) -> ReExamination:
    """复查: 保留 → 复查通过; 限期整改 needs a deadline; 撤销 needs a reason."""
    if outcome not in _TRANSITION:
        raise TransitionError(_("复查结论无效"))
    if outcome == ReExamination.Outcome.RECTIFY and not deadline:
        raise TransitionError(_("限期整改须填写整改期限"))
    if outcome == ReExamination.Outcome.RECTIFY and deadline <= examined_on:
        raise TransitionError(_("整改期限应晚于复查日期"))
    if outcome == ReExamination.Outcome.REVOKE and not reason.strip():
        raise TransitionError(_("撤销称号须填写理由"))
    caller, title = title, fresh(title)
    exam = ReExamination.objects.create(
        title=title,
        year=year,
        examined_on=examined_on,
        outcome=outcome,
        score=score,
        deadline=deadline if outcome == ReExamination.Outcome.RECTIFY else None,
        reason=reason.strip(),
        recorded_by=by,
    )
    if score is not None:
        title.latest_score = score
    run_transition(title, _TRANSITION[outcome], by=by, comment=reason.strip() or outcome)
    if outcome == ReExamination.Outcome.RECTIFY:
        title.rectify_deadline = deadline
        title.save(update_fields=["rectify_deadline", "latest_score"])
    caller.refresh_from_db()
    return exam


@transaction.atomic
def titles_expire(*, year: int, by) -> int:
    """期满: titles still in term whose last term year is before `year` (run at the
    start of a year, or by staff)."""
    from ..models import IN_TERM_STATUSES

    count = 0
    for title in (
        Title.objects.select_for_update(of=("self",))
        .filter(term_end_year__lt=year, status__in=IN_TERM_STATUSES)
        .select_related("unit__region")
    ):
        run_transition(title, "expire", by=by, comment=_("%(y)d年届满") % {"y": title.term_end_year})
        count += 1
    return count
