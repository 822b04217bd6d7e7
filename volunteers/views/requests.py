"""需求对接: staff and team leaders match volunteers to posted needs and close them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.roles import Role, user_roles
from core.scoping import can_write, leader_requests_q
from core.workflow import TransitionError

from ..forms import RequestCloseForm, RequestMatchForm, RequestTeamForm
from ..models import ServiceRequest
from ..selectors import led_teams, requests_for, teams_for, volunteers_for
from ..services import request_close, request_match
from ..services.requests import match_candidates
from .common import MANAGERS, roles_required


def _requests_visible(user):
    qs = requests_for(user)
    if Role.TEAM_LEADER in user_roles(user) and not user_roles(user) & {Role.STAFF, Role.OFFICIAL}:
        # Leaders also see open needs in their teams' county, to take them on.
        qs = ServiceRequest.objects.select_related("region", "team").filter(leader_requests_q(user)).distinct()
    return qs


@roles_required(*MANAGERS)
def request_list(request):
    qs = _requests_visible(request.user)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "volunteers/requests.html",
        {
            "rows": qs.order_by("-posted_at")[:100],
            "status": status,
            "statuses": ServiceRequest.Status.choices,
        },
    )


def _cleaned(form) -> dict:
    if not form.is_valid():
        raise ValidationError([m for errs in form.errors.values() for m in errs])
    return form.cleaned_data


@roles_required(*MANAGERS, write=True)
def request_detail(request, pk: int):
    user = request.user
    # _requests_visible is already limited to the user (scoped, or a leader's county needs).
    obj = get_object_or_404(_requests_visible(user), pk=pk)
    teams = led_teams(user) if Role.TEAM_LEADER in user_roles(user) else teams_for(user).filter(is_active=True)
    team = obj.team or RequestTeamForm(request.POST or request.GET, teams=teams).chosen()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "match":
                data = _cleaned(RequestMatchForm(request.POST, volunteers=volunteers_for(user)))
                if team is None:
                    raise ValidationError(_("请先选择承接队伍"))
                request_match(service_request=obj, team=team, volunteers=data["volunteers"], by=user)
                messages.success(request, _("已对接志愿者"))
            elif action == "close":
                data = _cleaned(RequestCloseForm(request.POST))
                request_close(service_request=obj, hours=data["hours"], by=user)
                messages.success(request, _("需求已完成，服务时长已计入志愿者时间储蓄"))
        except (ValidationError, TransitionError) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect("volunteers:request_detail", pk=obj.pk)
    candidates = match_candidates(obj, team=team) if team and obj.status in ("open", "matched") else []
    return render(
        request,
        "volunteers/request_detail.html",
        {
            "obj": obj,
            "teams": teams,
            "team": team,
            "candidates": candidates,
            "matched": obj.volunteers.select_related("team"),
            "can_write": can_write(user),
        },
    )
