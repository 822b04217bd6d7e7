"""表彰: a commended nominee becomes (or updates) an Exemplar with the honour."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from core.dates import cn_date
from core.workflow import TransitionError, run_transition

from ..models import Exemplar, Honour, Nomination, NominationStatus, SelectionRound
from ._common import require_perm

OPEN_STATES = (NominationStatus.SUBMITTED, NominationStatus.REVIEWING, NominationStatus.PUBLICITY)


def exemplar_for_nomination(nomination: Nomination) -> Exemplar | None:
    """The exemplar this nominee already is: linked, same ID number, or same name,
    sex and region (and birth date when both are known)."""
    if nomination.exemplar_id:
        return nomination.exemplar
    if nomination.id_number:
        found = Exemplar.objects.filter(id_number=nomination.id_number).first()
        if found:
            return found
    candidates = Exemplar.objects.filter(name=nomination.nominee_name, sex=nomination.sex, region=nomination.region)
    for candidate in candidates:
        if not (candidate.id_number and nomination.id_number) and (
            not (candidate.birth_date and nomination.birth_date) or candidate.birth_date == nomination.birth_date
        ):
            return candidate
    return None


def _commend_one(nomination: Nomination, *, today: dt.date, conferred_on: dt.date, by) -> Exemplar:
    if nomination.status != NominationStatus.PUBLICITY:
        raise TransitionError(_("“%(n)s”不在公示中，不能表彰") % {"n": nomination.nominee_name})
    if nomination.publicity_end and nomination.publicity_end >= today:
        raise TransitionError(
            _("“%(n)s”的公示期到%(d)s结束，期满后才能表彰")
            % {"n": nomination.nominee_name, "d": cn_date(nomination.publicity_end)}
        )
    if nomination.objections.filter(resolved=False).exists():
        raise TransitionError(_("“%(n)s”有未处理的公示异议") % {"n": nomination.nominee_name})
    selection_round = nomination.round
    exemplar = exemplar_for_nomination(nomination)
    if exemplar is None:
        exemplar = Exemplar.objects.create(
            name=nomination.nominee_name,
            sex=nomination.sex,
            birth_date=nomination.birth_date,
            id_number=nomination.id_number,
            region=nomination.region,
            unit_or_address=nomination.unit_or_address,
            category=nomination.category,
            story=nomination.deeds,
        )
    else:
        exemplar.unit_or_address = nomination.unit_or_address or exemplar.unit_or_address
        exemplar.id_number = exemplar.id_number or nomination.id_number
        exemplar.birth_date = exemplar.birth_date or nomination.birth_date
        exemplar.category = nomination.category
        if nomination.deeds and nomination.deeds not in exemplar.story:
            exemplar.story = f"{exemplar.story}\n\n{nomination.deeds}".strip()
        exemplar.save()
    Honour.objects.create(
        exemplar=exemplar,
        title=f"{selection_round.year}年度{selection_round.title_text}",
        level=selection_round.honour_level,
        category=nomination.category,
        year=selection_round.year,
        round=selection_round,
        nomination=nomination,
        conferred_on=conferred_on,
    )
    run_transition(
        nomination, "commend", by=by, comment=_("表彰为%(t)s") % {"t": selection_round.title_text}, exemplar=exemplar
    )
    return exemplar


@transaction.atomic
def nominations_commend(*, nominations, by, conferred_on: dt.date | None = None) -> list[Exemplar]:
    """Commend every nomination (all or nothing); closes rounds with nothing left open."""
    require_perm(by, "exemplars.commend_nomination")
    today = timezone.localdate()
    nominations = list(nominations)
    if not nominations:
        raise TransitionError(_("请选择要表彰的人选"))
    exemplars = [_commend_one(n, today=today, conferred_on=conferred_on or today, by=by) for n in nominations]
    for selection_round in SelectionRound.objects.filter(pk__in={n.round_id for n in nominations}).select_related(
        "campaign"
    ):
        if not selection_round.nominations.filter(status__in=OPEN_STATES).exists():
            selection_round.stage = SelectionRound.Stage.CLOSED
            selection_round.save(update_fields=["stage"])
            campaign = selection_round.campaign
            campaign.status, campaign.end_date = Campaign.Status.ENDED, conferred_on or today
            campaign.save(update_fields=["status", "end_date"])
    return exemplars
