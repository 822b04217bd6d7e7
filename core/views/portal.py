"""The portal shell: home with to-dos, a liaison's unit page, job status."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

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
    return render(request, "portal/job_status.html", {"job": job})
