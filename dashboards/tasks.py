from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import JobError, job_task
from units.models import Region

from .models import FigureSnapshot
from .selectors import TREND_YEARS
from .services import snapshots_refresh

FULL_REFRESH_HOUR = 2  # earlier years change rarely: refresh them once a night


@shared_task(name="dashboards.tasks.refresh_all_snapshots")
def refresh_all_snapshots() -> int:
    """The hourly refresh (core/schedules.py): every region, the current year; at
    FULL_REFRESH_HOUR (and whenever an earlier year has no snapshots yet) the last five."""
    now = timezone.localtime()
    years = None
    if now.hour != FULL_REFRESH_HOUR and FigureSnapshot.objects.filter(year=now.year - TREND_YEARS + 1).exists():
        years = [now.year]
    return snapshots_refresh(years=years)


@job_task(idempotent=True)  # each region/year is replaced, never added to
def refresh_region_snapshots(job, progress):
    """On demand, from the dashboard: one region's subtree."""
    region = Region.objects.filter(pk=job.region_id).first()
    if region is None:
        raise JobError(_("区划不存在"))
    rows = snapshots_refresh(root=region, progress=progress)
    return {"rows": rows}
