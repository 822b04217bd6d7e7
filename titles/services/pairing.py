import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.scoping import unit_worker
from core.workflow import TransitionError
from units.models import UnitKind

from ..models import Pairing, PairingRecord


@transaction.atomic
def pairing_create(*, unit, partner, started_on: dt.date, goals: str = "", by) -> Pairing:
    if not unit_worker(by, unit):
        raise TransitionError(_("您无权为该单位登记结对"))
    if partner.kind not in (UnitKind.VILLAGE, UnitKind.COMMUNITY):
        raise TransitionError(_("结对对象应为村或社区"))
    if partner.pk == unit.pk:
        raise TransitionError(_("不能与本单位结对"))
    try:
        with transaction.atomic():
            return Pairing.objects.create(unit=unit, partner=partner, started_on=started_on, goals=goals, created_by=by)
    except IntegrityError:
        raise TransitionError(_("该结对已登记")) from None


@transaction.atomic
def pairing_record_add(
    *, pairing: Pairing, date: dt.date, content: str, people: int = 0, photo=None, by
) -> PairingRecord:
    if not unit_worker(by, pairing.unit):
        raise TransitionError(_("您无权登记该结对的活动"))
    if not content.strip():
        raise TransitionError(_("请填写开展情况"))
    if date < pairing.started_on:
        raise TransitionError(_("活动日期早于结对日期"))
    return PairingRecord.objects.create(
        pairing=pairing, date=date, content=content.strip(), people=people, photo=photo or "", created_by=by
    )
