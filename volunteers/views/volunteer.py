"""A volunteer's own pages: events, time bank, star level, certificates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.privacy import mask_id_number, mask_phone
from core.roles import Role
from core.scoping import get_scoped_or_404

from ..documents import STAR_TEXT, certificate_docx, certificate_pdf
from ..models import ServiceEvent
from ..selectors import certificates_for, open_events_for_volunteer, records_for, volunteer_of
from ..services import certificate_issue, signup_create, thresholds_for
from ..services.certificates import certificate_issuers
from .common import roles_required


def _me(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    return volunteer


@roles_required(Role.VOLUNTEER)
def me(request):
    volunteer = _me(request)
    thresholds = thresholds_for(volunteer.region.code)
    next_star = next(((i + 1, t) for i, t in enumerate(thresholds) if volunteer.total_hours < t), None)
    records = records_for(request.user).filter(volunteer=volunteer)[:50]
    context = {
        "v": volunteer,
        "id_masked": mask_id_number(volunteer.id_number),
        "phone_masked": mask_phone(volunteer.phone),
        "star_text": STAR_TEXT.get(volunteer.star),
        "next_star": next_star,
        "to_next": (next_star[1] - volunteer.total_hours) if next_star else None,
        "records": records,
        "open_events": open_events_for_volunteer(volunteer)[:20] if volunteer.team_id else [],
        "my_events": volunteer.signups.select_related("event__team").order_by("-event__starts_at")[:20],
        "certificates": certificates_for(request.user).filter(volunteer=volunteer)[:10],
        "issuers": list(certificate_issuers(volunteer)),
    }
    return render(request, "volunteers/me.html", context)


@require_POST
@roles_required(Role.VOLUNTEER)
def sign_up(request, pk: int):
    volunteer = _me(request)
    event = open_events_for_volunteer(volunteer).filter(pk=pk).first() if volunteer.team_id else None
    if event is None:
        raise Http404
    try:
        signup_create(event=ServiceEvent.objects.get(pk=event.pk), volunteer=volunteer)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("报名成功：%(t)s") % {"t": event.title})
    return redirect("volunteers:me")


@require_POST
@roles_required(Role.VOLUNTEER)
def certificate_new(request):
    volunteer = _me(request)
    issuer_id = request.POST.get("issuer", "")
    issuer = certificate_issuers(volunteer).filter(pk=issuer_id).first() if issuer_id.isdigit() else None
    try:
        cert = certificate_issue(volunteer=volunteer, by=request.user, issuer=issuer)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("volunteers:me")
    fmt = request.POST.get("format", "pdf")
    return redirect("volunteers:certificate_file", pk=cert.pk, fmt="docx" if fmt == "docx" else "pdf")


def certificate_file(request, pk: int, fmt: str):
    if not request.user.is_authenticated:
        raise Http404
    cert = get_scoped_or_404(certificates_for(request.user), request.user, pk=pk)
    verify_url = request.build_absolute_uri(reverse("volunteers_public:verify"))
    name = f"志愿服务记录证明-{cert.number}"
    if fmt == "docx":
        body = certificate_docx(cert, verify_url)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = certificate_pdf(cert, verify_url)
        content_type = "application/pdf"
    from urllib.parse import quote

    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    response["Cache-Control"] = "private, no-store"
    return response
