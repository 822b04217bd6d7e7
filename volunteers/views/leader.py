"""Team leaders (and office staff): approvals, events, sign-ups, confirming hours."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.privacy import show_id_number, show_phone
from core.roles import Role, user_roles
from core.scoping import can_write, get_scoped_or_404
from core.workflow import TransitionError

from ..forms import EventForm, EventHoursForm
from ..models import Volunteer
from ..selectors import events_for, led_teams, signups_for, teams_for, volunteers_for
from ..services import event_create, service_hours_confirm, volunteer_approve, volunteer_reject
from ..services.registration import volunteer_create_login
from .common import MANAGERS, roles_required


def index(request):
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    roles = user_roles(request.user)
    if Role.VOLUNTEER in roles and not roles & {Role.TEAM_LEADER, Role.STAFF}:
        return redirect("volunteers:me")
    return leader_home(request)


@roles_required(*MANAGERS)
def leader_home(request):
    user = request.user
    now = timezone.now()
    events = events_for(user)
    pending = volunteers_for(user).filter(status=Volunteer.Status.PENDING).order_by("registered_at")[:200]
    context = {
        "teams": led_teams(user) if Role.TEAM_LEADER in user_roles(user) else teams_for(user).filter(parent=None)[:50],
        "pending": [(v, show_id_number(user, v.id_number), show_phone(user, v.phone)) for v in pending],
        "upcoming": events.filter(starts_at__gte=now).order_by("starts_at")[:20],
        "to_confirm": events.filter(starts_at__lt=now, hours_confirmed_at__isnull=True).order_by("-starts_at")[:20],
        "recent": events.filter(hours_confirmed_at__isnull=False).order_by("-starts_at")[:10],
        "can_write": can_write(user),
        "is_office": bool(user_roles(user) & {Role.STAFF, Role.OFFICIAL}) or user.is_superuser,
    }
    return render(request, "volunteers/leader_home.html", context)


@require_POST
@roles_required(*MANAGERS, write=True)
def review(request):
    """Approve or reject the ticked pending registrations."""
    action = request.POST.get("action")
    ids = request.POST.getlist("ids")
    done, failed, accounts = 0, [], []
    for volunteer in volunteers_for(request.user).filter(pk__in=ids):
        try:
            if action == "approve":
                volunteer_approve(volunteer=volunteer, by=request.user)
                if not volunteer.user_id:
                    password = get_random_string(10, "abcdefghjkmnpqrstuvwxyz23456789")
                    account = volunteer_create_login(volunteer=volunteer, by=request.user, password=password)
                    accounts.append(
                        _("%(n)s 登录账号 %(u)s，初始密码 %(p)s")
                        % {"n": volunteer.name, "u": account.username, "p": password}
                    )
            elif action == "reject":
                volunteer_reject(volunteer=volunteer, by=request.user, comment=request.POST.get("comment", ""))
            else:
                raise PermissionDenied
            done += 1
        except (TransitionError, ValidationError) as exc:
            failed.append(f"{volunteer.name}：{exc}")
    label = _("通过") if action == "approve" else _("不通过")
    messages.success(request, _("已将%(n)d名志愿者审核为“%(a)s”") % {"n": done, "a": label})
    if accounts:
        messages.info(request, _("已开通志愿者账号，请告知本人并提醒首次登录后修改密码：") + "；".join(accounts))
    for line in failed:
        messages.error(request, line)
    return redirect("volunteers:index")


@roles_required(*MANAGERS, write=True)
def event_new(request):
    user = request.user
    teams = led_teams(user) if Role.TEAM_LEADER in user_roles(user) else teams_for(user).filter(is_active=True)
    form = EventForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_create(by=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("活动已发布"))
            return redirect("volunteers:event_detail", pk=event.pk)
    return render(request, "volunteers/event_form.html", {"form": form})


@roles_required(*MANAGERS, write=True)
def event_detail(request, pk: int):
    user = request.user
    event = get_scoped_or_404(events_for(user), user, pk=pk)
    signups = list(signups_for(user).filter(event=event).select_related("volunteer").order_by("volunteer__name"))
    records = {r.volunteer_id: r.hours for r in event.records.all()}
    initial = {f"hours_{vid}": h for vid, h in records.items()}
    form = EventHoursForm(request.POST or None, signups=signups, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                n = service_hours_confirm(event=event, hours=form.hours(), by=user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已确认%(n)d条服务时长，志愿者时间储蓄和星级已更新") % {"n": n})
                return redirect("volunteers:event_detail", pk=event.pk)
        messages.error(request, _("服务时长未保存，请修改标出的项目后重新确认"))
    default = round((event.ends_at - event.starts_at).total_seconds() / 3600, 1)
    rows = [(s, show_phone(user, s.volunteer.phone), form[f"hours_{s.volunteer_id}"]) for s in signups]
    return render(
        request,
        "volunteers/event_detail.html",
        {
            "event": event,
            "rows": rows,
            "form": form,
            "default_hours": default,
            "started": event.starts_at <= timezone.now(),
        },
    )
