from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import cn_date
from core.scoping import unit_worker
from core.workflow import TransitionError

from ..models import CultivationRecommendation, CultivationRound


@transaction.atomic
def cultivation_recommend(
    *, round: CultivationRound, unit, category, reason: str = "", by
) -> CultivationRecommendation:
    if not unit_worker(by, unit):
        raise TransitionError(_("您无权为该单位推荐"))
    if not round.is_open or timezone.localdate() > round.deadline:
        raise TransitionError(_("推荐已截止（截止日期：%(d)s）") % {"d": cn_date(round.deadline)})
    if not unit.region.code.startswith(round.region.code):
        raise TransitionError(_("该单位不在本批次推荐范围内"))
    try:
        with transaction.atomic():
            return CultivationRecommendation.objects.create(
                round=round, unit=unit, category=category, reason=reason, recommended_by=by
            )
    except IntegrityError:
        raise TransitionError(_("该单位已被推荐为此类称号的培育对象")) from None
