"""Starting and building annual summaries (DESIGN.md §5)."""

import logging
import time

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import JobError, JobStopped, job_start
from core.models import JobRun
from core.scoping import can_write, scoped

from .models import AnnualSummary

logger = logging.getLogger(__name__)
TRANSIENT_RETRIES = 3


def summary_request(*, region, year: int, by) -> AnnualSummary:
    """Queue a new version of the summary of `region` for `year` (earlier versions stay).
    While a version of that region and year is waiting or being built, that version is
    returned instead (with `already_running` set): double clicks and simultaneous
    requests build one version. The region row is locked, so this holds under
    concurrency on PostgreSQL too."""
    from units.models import Region

    if by is not None:
        if not scoped(Region.objects.filter(pk=region.pk), by).exists():
            raise PermissionDenied
        if not can_write(by):
            raise PermissionDenied
    if not 2000 <= int(year) <= timezone.localdate().year + 1:
        raise JobError(_("年度不正确：%(y)s") % {"y": year})
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        running = (
            AnnualSummary.objects.filter(region=region, year=year, job__status__in=JobRun.ACTIVE)
            .order_by("-version")
            .first()
        )
        if running is not None:
            running.already_running = True
            return running
        last = AnnualSummary.objects.filter(region=region, year=year).aggregate(v=Max("version"))["v"] or 0
        summary = AnnualSummary.objects.create(region=region, year=year, version=last + 1, requested_by=by)
        from .tasks import build_summary

        job = job_start(
            kind="summaries.build",
            label=_("生成%(title)s（第%(v)d版）") % {"title": summary.title, "v": summary.version},
            task=build_summary,
            user=by,
            region=region,
            params={"summary_id": summary.pk},
        )
        summary.job = job
        summary.save(update_fields=["job"])
    summary.already_running = False
    return summary


def summary_follow_job(job) -> None:
    """The version's job was cancelled, retried or failed outside the worker (core.jobs):
    the version says so too."""
    S = JobRun.Status
    if job.status in (S.PENDING, S.QUEUED):
        fields = {"status": AnnualSummary.Status.QUEUED, "progress": 0, "finished_at": None}
    elif job.status in (S.FAILED, S.CANCELLED):
        fields = {"status": AnnualSummary.Status.FAILED, "finished_at": job.finished_at}
    else:
        return
    AnnualSummary.objects.filter(job=job).update(message=job.message, **fields)


def summary_build(*, summary_id: int, progress=None) -> dict:
    """Compute the figures, write the text, the Word and Excel files. Re-running it for
    the same version (a redelivered job) overwrites that version, never adds one."""
    from .documents import build_docx, build_xlsx
    from .gather import gather_checks, gather_figures, gather_next_year
    from .text import build_report

    summary = AnnualSummary.objects.select_related("region").get(pk=summary_id)

    def report(pct: int, message: str = "") -> None:
        if progress:
            progress(pct, message)  # raises JobStopped once the job was cancelled
        AnnualSummary.objects.filter(pk=summary_id).update(progress=pct, message=message[:500])

    AnnualSummary.objects.filter(pk=summary_id).update(status=AnnualSummary.Status.RUNNING, message="")
    try:
        for attempt in range(TRANSIENT_RETRIES + 1):
            try:
                snapshot = gather_figures(
                    summary.region,
                    summary.year,
                    lambda i, n, label: report(5 + int(65 * i / max(n, 1)), _("统计：%(label)s") % {"label": label}),
                )
                report(72, _("汇总下一年度到期事项"))
                as_of = timezone.localdate()
                next_year = gather_next_year(summary.region, summary.year, as_of=as_of)
                checks = gather_checks(summary.region, summary.year)
                break
            except OperationalError:
                if attempt == TRANSIENT_RETRIES:
                    raise
                time.sleep(2**attempt)  # a locked or restarting database: back off and retry
        summary.figures, summary.next_year, summary.checks = snapshot, next_year, checks
        summary.narratives = narratives_of(summary.region, summary.year)
        report(80, _("撰写Word文稿"))
        text = build_report(summary, as_of=as_of)
        docx = build_docx(text, snapshot)
        report(90, _("生成Excel统计表"))
        xlsx = build_xlsx(text, snapshot, next_year)
        name = f"{summary.region.name}{summary.year}年度文明创建工作总结-第{summary.version}版"
        old_files = [f.name for f in (summary.docx, summary.xlsx) if f]
        summary.docx.save(f"{name}.docx", ContentFile(docx), save=False)
        summary.xlsx.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
        summary.status, summary.progress, summary.finished_at = AnnualSummary.Status.SUCCESS, 100, timezone.now()
        summary.message = _("已完成：%(n)d项数据") % {"n": len(snapshot)}
        summary.save()
        for old in old_files:
            summary.docx.storage.delete(old)
    except JobStopped:
        raise  # cancelled or taken over: the job's new state is already on the version
    except JobError as exc:
        AnnualSummary.objects.filter(pk=summary_id).update(status=AnnualSummary.Status.FAILED, message=str(exc))
        raise
    except Exception:
        AnnualSummary.objects.filter(pk=summary_id).update(
            status=AnnualSummary.Status.FAILED, message=_("系统错误，请联系管理员")
        )
        raise
    return {"summary_id": summary_id, "figures": len(snapshot), "next_year_items": next_year["total"]}


def narratives_of(region, year: int) -> dict:
    """The staff paragraphs of a region's summary of a year, {section: text}."""
    from .models import SummaryNarrative

    return dict(SummaryNarrative.objects.filter(region=region, year=year).values_list("section", "text"))


@transaction.atomic
def narrative_save(*, region, year: int, section: str, text: str, by) -> None:
    """Write (or, with empty text, remove) the staff paragraph of one section. It is kept
    by region, year and section, so the next version and every regeneration print it."""
    from .models import SummaryNarrative
    from .text import narrative_sections

    if section not in dict(narrative_sections()):
        raise JobError(_("没有这一部分：%(s)s") % {"s": section})
    text = text.strip()
    if not text:
        SummaryNarrative.objects.filter(region=region, year=year, section=section).delete()
        return
    SummaryNarrative.objects.update_or_create(
        region=region, year=year, section=section, defaults={"text": text, "updated_by": by}
    )


def summary_build_inline(*, summary: AnnualSummary, progress=None) -> dict:
    """Build in this process (command line, demo data) instead of on a worker; the job
    row is closed first so that its queued message, if a worker picks it up, does nothing."""
    JobRun.objects.filter(pk=summary.job_id).update(
        status=JobRun.Status.SUCCESS, progress=100, message=_("已在本进程中生成"), finished_at=timezone.now()
    )
    return summary_build(summary_id=summary.pk, progress=progress)


def summaries_request_yearly(*, year: int | None = None) -> list[AnnualSummary]:
    """The scheduled January run: queue last year's summary for every office (each
    province, city and county region with active office staff). Safe to repeat: a region
    that already has a scheduled version for that year gets no second one."""
    from core.roles import Role
    from units.models import Profile, Region

    year = year or timezone.localdate().year - 1
    offices = (
        Profile.objects.filter(
            user__groups__name=Role.STAFF, user__is_active=True, region__level__lte=Region.Level.COUNTY
        )
        .values_list("region_id", flat=True)
        .distinct()
    )
    queued = []
    for region_id in Region.objects.filter(pk__in=offices).order_by("code").values_list("pk", flat=True):
        with transaction.atomic():
            # the region row is locked so that two deliveries of the beat message at
            # once cannot both see "no scheduled version yet"
            region = Region.objects.select_for_update().get(pk=region_id)
            if AnnualSummary.objects.filter(region=region, year=year, requested_by__isnull=True).exists():
                continue
            queued.append(summary_request(region=region, year=year, by=None))
    return queued
