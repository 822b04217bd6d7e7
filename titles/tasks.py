from celery import shared_task
from django.utils import timezone

from .services.reexam import titles_expire


@shared_task(name="titles.tasks.expire_titles")
def expire_titles() -> int:
    """期满 at the turn of the year: titles whose term ended last year (idempotent)."""
    return titles_expire(year=timezone.localdate().year, by=None)
