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
