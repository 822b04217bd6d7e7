"""公示: the selected list goes public for a configurable number of days; objections are
recorded and must be resolved; an upheld objection takes the nominee off the list."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.workdays import end_of_period
from core.workflow import TransitionError, run_transition

from ..models import Nomination, NominationStatus, Objection, SelectionRound
from ._common import require_perm


@transaction.atomic
def publicity_start(*, nominations, start: dt.date, by, others_not_selected: bool = False) -> dt.date:
    """Put the chosen nominations (评审中, one round) under publicity from `start`.
    Returns the last day of the period."""
    nominations = list(nominations)
    if not nominations:
        raise TransitionError(_("请选择进入公示的人选"))
    rounds = {n.round_id for n in nominations}
    if len(rounds) != 1:
        raise TransitionError(_("一次只能公示同一轮评选的人选"))
    selection_round = SelectionRound.objects.select_for_update(of=("self",)).get(pk=rounds.pop())
    already = selection_round.nominations.filter(
        status__in=[NominationStatus.PUBLICITY, NominationStatus.COMMENDED]
    ).count()
    if already + len(nominations) > selection_round.places:
        raise TransitionError(
            _("公示人数（%(n)d）超过本轮名额（%(p)d）") % {"n": already + len(nominations), "p": selection_round.places}
        )
    end = end_of_period(start, selection_round.publicity_days, working_days=selection_round.publicity_working_days)
    note = _("公示期 %(s)s 至 %(e)s") % {"s": cn_date(start), "e": cn_date(end)}
    for nomination in nominations:
        run_transition(nomination, "publicize", by=by, comment=note, start=start, end=end)
    if others_not_selected:
        chosen = {n.pk for n in nominations}
        for other in selection_round.nominations.filter(status=NominationStatus.REVIEWING).exclude(pk__in=chosen):
            run_transition(other, "not_select", by=by, comment=_("未列入公示名单"))
    selection_round.stage = SelectionRound.Stage.PUBLICITY
    selection_round.save(update_fields=["stage"])
    return end


@transaction.atomic
def nomination_not_select(*, nomination: Nomination, reason: str, by) -> Nomination:
    if not reason.strip():
        raise TransitionError(_("请填写未入选的原因"))
    run_transition(nomination, "not_select", by=by, comment=reason.strip())
    return nomination


def objection_check(nomination: Nomination, received_on: dt.date) -> None:
    if nomination.status != NominationStatus.PUBLICITY:
        raise TransitionError(_("只能登记公示中人选的异议"))
    if received_on < nomination.publicity_start or received_on > timezone.localdate():
        raise TransitionError(_("收到日期应在公示开始之后、今天之前"))


@transaction.atomic
def objection_record(
    *, nomination: Nomination, received_on: dt.date, content: str, by, objector_name: str = "", objector_phone: str = ""
) -> Objection:
    require_perm(by, "exemplars.add_objection")
    objection_check(nomination, received_on)
    if not content.strip():
        raise TransitionError(_("请填写异议内容"))
    return Objection.objects.create(
        nomination=nomination,
        received_on=received_on,
        content=content.strip(),
        objector_name=objector_name,
        objector_phone=objector_phone,
        recorded_by=by,
    )


@transaction.atomic
def objection_resolve(*, objection: Objection, upheld: bool, resolution: str, by) -> Objection:
    require_perm(by, "exemplars.change_objection")
    if objection.resolved:
        raise TransitionError(_("该异议已处理"))
    if not resolution.strip():
        raise TransitionError(_("请填写核查处理结果"))
    objection.resolved, objection.upheld, objection.resolution = True, upheld, resolution.strip()
    objection.resolved_by, objection.resolved_at = by, timezone.now()
    objection.save()
    nomination = objection.nomination
    if upheld and nomination.status == NominationStatus.PUBLICITY:
        run_transition(
            nomination, "not_select", by=by, comment=_("公示异议经核查属实：%(r)s") % {"r": resolution.strip()}
        )
    return objection
