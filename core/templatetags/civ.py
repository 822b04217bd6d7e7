import posixpath

from django import template

register = template.Library()


@register.filter
def basename(path) -> str:
    """Last part of a stored file path: "campaigns/evidence/2026/12/ab12.pdf" → "ab12.pdf"."""
    return posixpath.basename(str(path or ""))


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
