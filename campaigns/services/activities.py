from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import validate_image
from core.workflow import TransitionError

from ..models import Activity, ActivityPhoto
from ..selectors import campaigns_open_to_unit


@transaction.atomic
def activity_record(
    *,
    unit,
    campaign,
    title: str,
    kind: str,
    date,
    place: str,
    participants: int,
    description: str = "",
    photos=(),
    by,
) -> Activity:
    if not (by.is_superuser or unit.liaisons.filter(pk=by.pk).exists() or by.has_perm("campaigns.add_activity")):
        raise PermissionDenied(_("您无权为该单位填报活动"))
    if not campaigns_open_to_unit(unit).filter(pk=campaign.pk).exists():
        raise TransitionError(_("该创建活动已结束或不属于本单位所在地区"))
    if date > timezone.localdate():
        raise TransitionError(_("活动日期不能晚于今天"))
    if participants < 1:
        raise TransitionError(_("参与人数至少为1"))
    for p in photos:
        validate_image(p)
    activity = Activity(
        unit=unit,
        campaign=campaign,
        title=title.strip(),
        kind=kind,
        date=date,
        place=place.strip(),
        participants=participants,
        description=description.strip(),
        created_by=by,
    )
    activity._history_user = by
    activity.save()
    for p in photos:
        ActivityPhoto.objects.create(activity=activity, file=p, caption=getattr(p, "name", "")[:200])
    return activity
