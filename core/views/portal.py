"""The portal shell: home with to-dos, a liaison's unit page, job status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.jobs import JobError, job_cancel, job_retry, job_send_if_waiting
from core.models import JobRun
from core.registry import todos_for
from core.roles import Role, user_roles
from core.scoping import get_scoped_or_404
from units.selectors import liaison_units, units_for


@login_required
def portal_home(request):
    roles = user_roles(request.user)
    context = {
        "units": liaison_units(request.user) if Role.LIAISON in roles else [],
        "todos": todos_for(request.user),
        "roles": sorted(roles),
    }
    return render(request, "portal/home.html", context)


@login_required
def unit_detail(request, pk: int):
    unit = get_scoped_or_404(units_for(request.user), request.user, pk=pk)
    return render(request, "portal/unit_detail.html", {"unit": unit})


@login_required
def job_status(request, pk: int):
    job = get_scoped_or_404(JobRun.objects.all(), request.user, pk=pk)
    data = {
        "status": job.status,
        "status_display": job.get_status_display(),
        "progress": job.progress,
        "message": job.message,
        "finished": job.finished,
        "result": job.result if job.finished else None,
    }
    if request.headers.get("accept", "").startswith("application/json") or request.GET.get("format") == "json":
        return JsonResponse(data)
    job_send_if_waiting(job)
    return render(request, "portal/job_status.html", {"job": job})


@require_POST
@login_required
def job_action(request, pk: int, action: str):
    """重试 / 取消 for the person who started the job and staff of its region."""
    job = get_scoped_or_404(JobRun.objects.all(), request.user, action="change", pk=pk)
    service = {"retry": job_retry, "cancel": job_cancel}[action]
    try:
        service(job=job, by=request.user)
    except JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新发起，请稍候") if action == "retry" else _("已取消"))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("portal:job_status", args=[job.pk])
    return redirect(back)
