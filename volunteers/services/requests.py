"""群众需求 (service requests): post, match volunteers, close with the hours served."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import TransitionError, run_transition

from ..models import ServiceRecord, ServiceRequest, Volunteer
from .common import require_team_manager
from .hours import hours_apply_deltas, parse_hours
from .registration import clean_mobile


def request_create(*, title, description, category, requester, contact_phone, region, address="", wanted_on=None):
    errors = {}
    try:
        contact_phone = clean_mobile(contact_phone)
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages
    if not title.strip():
        errors["title"] = [_("请填写需求标题")]
    if errors:
        raise ValidationError(errors)
    return ServiceRequest.objects.create(
        title=title.strip(),
        description=description,
        category=category,
        requester=requester,
        contact_phone=contact_phone,
        region=region,
        address=address,
        wanted_on=wanted_on,
    )


def match_candidates(service_request: ServiceRequest, *, team=None, limit: int = 30):
    """Approved volunteers near the request, those whose skills fit first."""
    qs = Volunteer.objects.filter(status=Volunteer.Status.APPROVED).select_related("team")
    if team is not None:
        qs = qs.filter(team=team)
    else:
        qs = qs.filter(region__code__startswith=service_request.region.code[:6])
    return qs.order_by("-star", "-total_hours")[:limit]


@transaction.atomic
def request_match(*, service_request: ServiceRequest, team, volunteers, by) -> ServiceRequest:
    require_team_manager(by, team)
    volunteers = list(volunteers)
    if not volunteers:
        raise ValidationError(_("请至少选择一名志愿者"))
    wrong = [v.name for v in volunteers if v.team_id != team.pk or v.status != Volunteer.Status.APPROVED]
    if wrong:
        raise ValidationError(_("以下志愿者不属于该队伍或未通过审核：%(n)s") % {"n": "、".join(wrong)})
    service_request.team = team
    service_request.volunteers.add(*volunteers)
    run_transition(service_request, "match", by=by, comment=_("对接志愿者%(n)d名") % {"n": len(volunteers)})
    return service_request


@transaction.atomic
def request_close(*, service_request: ServiceRequest, hours, by, service_date=None) -> ServiceRequest:
    """Close a matched request; each matched volunteer is credited `hours`."""
    if service_request.team_id is None or service_request.status != ServiceRequest.Status.MATCHED:
        raise TransitionError(_("该需求尚未对接志愿者，不能完成"))
    require_team_manager(by, service_request.team)
    value: Decimal = parse_hours(hours)
    service_date = service_date or timezone.localdate()
    vols = list(service_request.volunteers.all())
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                volunteer=v,
                team=service_request.team,
                service_date=service_date,
                hours=value,
                content=_("需求对接：%(t)s") % {"t": service_request.title[:100]},
                source=ServiceRecord.Source.REQUEST,
                confirmed_by=by,
            )
            for v in vols
        ]
    )
    hours_apply_deltas({v.pk: value for v in vols})
    service_request.hours_served = value
    service_request.closed_at = timezone.now()
    run_transition(service_request, "close", by=by)
    return service_request
