"""志愿服务记录证明: a snapshot of confirmed hours, issued by the recording team."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.privacy import mask_id_number

from ..models import Certificate, ServiceRecord, Team, Volunteer

NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_certificate_number() -> str:
    body = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(10))
    return f"ZYFW{timezone.localdate():%Y}{body}"


def mask_name(name: str) -> str:
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def certificate_issuers(volunteer: Volunteer):
    """Teams that may certify this volunteer: their own team and every team that recorded hours."""
    from django.db.models import Q

    q = Q(pk__in=ServiceRecord.objects.filter(volunteer=volunteer).values("team_id"))
    if volunteer.team_id:
        q |= Q(pk=volunteer.team_id)
    return Team.objects.filter(q).order_by("name")


@transaction.atomic
def certificate_issue(*, volunteer: Volunteer, by, issuer: Team | None = None, max_records: int = 200) -> Certificate:
    """Issue a certificate of the hours recorded by one team ("谁记录谁证明": the issuer
    certifies only what it recorded); by default the volunteer's own team."""
    if volunteer.status != Volunteer.Status.APPROVED:
        raise ValidationError(_("审核通过的志愿者才能开具证明"))
    issuer = issuer or volunteer.team
    if issuer is None:
        raise ValidationError(_("尚未加入志愿服务队，无法开具证明"))
    if not certificate_issuers(volunteer).filter(pk=issuer.pk).exists():
        raise ValidationError(_("该队伍没有您的服务记录，不能出具证明"))
    records = ServiceRecord.objects.filter(volunteer=volunteer, team=issuer).select_related("team", "event")
    totals = records.aggregate(h=Sum("hours"), n=Count("pk"))
    rows = [
        {
            "date": r.service_date.isoformat(),
            "title": r.event.title if r.event_id else (r.content or _("志愿服务")),
            "team": r.team.name,
            "hours": str(r.hours),
        }
        for r in records.order_by("-service_date", "-pk")[:max_records]
    ]
    team = issuer
    snapshot = {
        "name": volunteer.name,
        "id_number_masked": mask_id_number(volunteer.id_number),
        "sex": volunteer.sex,
        "registered_on": timezone.localdate(volunteer.registered_at).isoformat(),
        "total_hours": str(Decimal(totals["h"] or 0).quantize(Decimal("0.1"))),
        "record_count": totals["n"],
        "star": volunteer.star,
        "time_bank_hours": str(Decimal(volunteer.total_hours).quantize(Decimal("0.1"))),
        "team": team.name,
        "host_unit": team.host_unit.name if team.host_unit_id else "",
        "region": str(team.region),
        "records": rows,
        "issued_on": timezone.localdate().isoformat(),
    }
    number = new_certificate_number()
    while Certificate.objects.filter(number=number).exists():
        number = new_certificate_number()
    return Certificate.objects.create(number=number, volunteer=volunteer, issuer=team, snapshot=snapshot, issued_by=by)
