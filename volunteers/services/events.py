"""Service events and sign-ups."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import ServiceEvent, SignUp, Volunteer
from .common import require_team_manager


@transaction.atomic
def event_create(*, team, title, category, starts_at, ends_at, place, places, description="", by) -> ServiceEvent:
    require_team_manager(by, team)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("结束时间应晚于开始时间")]})
    event = ServiceEvent(
        team=team,
        title=title,
        category=category,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        places=places,
        description=description,
        created_by=by,
    )
    event.full_clean()
    event.save()
    return event


def signup_create(*, event: ServiceEvent, volunteer: Volunteer) -> SignUp:
    if volunteer.status != Volunteer.Status.APPROVED:
        raise ValidationError(_("审核通过的志愿者才能报名活动"))
    with transaction.atomic():
        event = ServiceEvent.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if event.signups.count() >= event.places:
            raise ValidationError(_("该活动报名人数已满"))
        try:
            with transaction.atomic():
                return SignUp.objects.create(event=event, volunteer=volunteer)
        except IntegrityError:
            raise ValidationError(_("您已报名该活动")) from None


def signups_add(*, event: ServiceEvent, volunteers, by) -> int:
    """A leader enrolls team members who took part without signing up online."""
    require_team_manager(by, event.team)
    objs = [SignUp(event=event, volunteer=v) for v in volunteers if v.status == Volunteer.Status.APPROVED]
    created = SignUp.objects.bulk_create(objs, ignore_conflicts=True)
    return len(created)
