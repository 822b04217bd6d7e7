import posixpath

from django import template

register = template.Library()


@register.filter
def basename(path) -> str:
    """Last part of a stored file path: "campaigns/evidence/2026/12/ab12.pdf" → "ab12.pdf"."""
    return posixpath.basename(str(path or ""))
