import posixpath

from django import template

register = template.Library()


@register.filter
def basename(path) -> str:
    """Last part of a stored file path: "campaigns/evidence/2026/12/ab12.pdf" → "ab12.pdf"."""
    return posixpath.basename(str(path or ""))


@register.simple_tag(takes_context=True)
def calendar_warning(context) -> str:
    """core.workdays.next_year_warning for the person viewing the page."""
    from django.utils import timezone

    from core.workdays import next_year_warning

    request = context.get("request")
    return next_year_warning(request.user, timezone.localdate()) if request is not None else ""


@register.inclusion_tag("portal/_job_actions.html", takes_context=True)
def job_actions(context, job):
    """重试 / 取消 buttons of a job page, for whoever may act on the job (core.jobs)."""
    from core.models import JobRun
    from core.scoping import can_write

    request = context["request"]
    may = job is not None and can_write(request.user)
    return {
        "job": job,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "cancel": may and job.status in JobRun.ACTIVE,
        "retry": may and job.status in (JobRun.Status.FAILED, JobRun.Status.CANCELLED),
    }
