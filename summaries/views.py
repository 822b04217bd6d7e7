from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.files import private_file_response
from core.jobs import job_send_if_waiting
from core.scoping import get_scoped_or_404

from .selectors import summaries_for, versions_of
from .text import build_report


@require_safe
@login_required
def summary_list(request):
    page = Paginator(summaries_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "summaries/list.html", {"page": page})


@require_safe
@login_required
def summary_detail(request, pk: int):
    summary = get_scoped_or_404(summaries_for(request.user), request.user, pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": summary.status,
                "status_display": summary.get_status_display(),
                "progress": summary.progress,
                "message": summary.message,
                "finished": summary.finished,
            }
        )
    if summary.job is not None:
        job_send_if_waiting(summary.job)
    report = None
    if summary.status == summary.Status.SUCCESS:
        report = build_report(summary, as_of=timezone.localtime(summary.finished_at).date())
    return render(
        request,
        "summaries/detail.html",
        {"summary": summary, "report": report, "versions": versions_of(summary, request.user)},
    )


@require_safe
@login_required
def summary_file(request, pk: int, kind: str):
    summary = get_scoped_or_404(summaries_for(request.user), request.user, pk=pk)
    file = {"docx": summary.docx, "xlsx": summary.xlsx}.get(kind)
    if not file:
        raise Http404
    return private_file_response(file, download_name=f"{summary.title}（第{summary.version}版）.{kind}")
