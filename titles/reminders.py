"""Due items of the titles app for the reminder scan (core.registry.due_item_source)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import DueItem, due_item_source
from core.roles import Role


def _staff_by_region_code() -> dict[str, tuple[int, ...]]:
    """Active office staff by the code of their region, in one query (a source looks up
    many items' offices; never a query per item)."""
    from units.models import Profile

    found: dict[str, list[int]] = {}
    rows = Profile.objects.filter(user__groups__name=Role.STAFF, user__is_active=True, region__isnull=False)
    for code, user_id in rows.values_list("region__code", "user_id").order_by("user_id"):
        found.setdefault(code, []).append(user_id)
    return {code: tuple(ids) for code, ids in found.items()}


@due_item_source
def yearly_materials(start: dt.date, end: dt.date):
    """Each unit × requirement due in [start, end] or overdue and not yet accepted."""
    from units.models import Unit

    from .models import MaterialRequirement, MaterialStatus, MaterialSubmission

    reqs = MaterialRequirement.objects.filter(due_date__lte=end).select_related("region")
    for req in reqs:
        units = Unit.objects.filter(region__code__startswith=req.region.code, is_active=True).prefetch_related(
            "liaisons"
        )
        if req.unit_kinds:
            units = units.filter(kind__in=req.unit_kinds)
        status = dict(MaterialSubmission.objects.filter(requirement=req).values_list("unit_id", "status"))
        if req.due_date < start and all(
            status.get(u) == MaterialStatus.ACCEPTED for u in units.values_list("pk", flat=True)
        ):
            continue
        for unit in units:
            yield DueItem(
                key=f"titles.material:{req.pk}:{unit.pk}",
                kind=_("年度材料"),
                title=_("%(unit)s：%(name)s") % {"unit": unit.name, "name": req.name},
                due_date=req.due_date,
                recipient_ids=tuple(u.pk for u in unit.liaisons.all()),
                region_id=req.region_id,
                url=reverse("titles:home"),
                done=status.get(unit.pk) in (MaterialStatus.ACCEPTED, MaterialStatus.SUBMITTED),
            )


@due_item_source
def cultivation_deadlines(start: dt.date, end: dt.date):
    from .models import CultivationRound

    staff = _staff_by_region_code()
    for rnd in CultivationRound.objects.filter(deadline__range=(start, end), is_open=True).select_related("region"):
        yield DueItem(
            key=f"titles.cultivation:{rnd.pk}",
            kind=_("培育对象推荐"),
            title=str(rnd),
            due_date=rnd.deadline,
            recipient_ids=staff.get(rnd.region.code, ()),
            region_id=rnd.region_id,
            url=reverse("admin:titles_cultivationround_change", args=[rnd.pk]),
        )


@due_item_source
def publicity_ending(start: dt.date, end: dt.date):
    from .models import PublicityBatch

    staff = _staff_by_region_code()
    for batch in PublicityBatch.objects.filter(end_date__range=(start, end)).select_related("region"):
        yield DueItem(
            key=f"titles.publicity:{batch.pk}",
            kind=_("公示期结束"),
            title=batch.title,
            due_date=batch.end_date,
            recipient_ids=staff.get(batch.region.code, ()),
            region_id=batch.region_id,
            url=reverse("admin:titles_publicitybatch_change", args=[batch.pk]),
            done=not batch.applications.filter(status="公示中").exists(),
        )


@due_item_source
def titles_reexam_and_expiry(start: dt.date, end: dt.date):
    """Titles whose term ends in a year within [start, end] are due at 12月31日 for
    re-examination or expiry; 限期整改 deadlines are due on their date."""
    from .models import IN_TERM_STATUSES, Title

    years = range(start.year, end.year + 1)
    staff = _staff_by_region_code()
    for title in Title.objects.filter(term_end_year__in=years, status__in=IN_TERM_STATUSES).select_related(
        "unit__region", "category"
    ):
        due = dt.date(title.term_end_year, 12, 31)
        if not start <= due <= end:
            continue
        yield DueItem(
            key=f"titles.term:{title.pk}:{title.term_end_year}",
            kind=_("称号届满复查"),
            title=_("%(unit)s %(level)s%(cat)s届满")
            % {"unit": title.unit.name, "level": title.level, "cat": title.category.name},
            due_date=due,
            recipient_ids=staff.get(title.unit.region.code[:4], ()),
            region_id=title.unit.region_id,
            url=reverse("admin:titles_title_change", args=[title.pk]),
        )
    for title in (
        Title.objects.filter(status="限期整改", rectify_deadline__lte=end)
        .select_related("unit__region", "category")
        .prefetch_related("unit__liaisons")
    ):
        yield DueItem(
            key=f"titles.rectify:{title.pk}:{title.rectify_deadline:%Y%m%d}",
            kind=_("限期整改"),
            title=_("%(unit)s %(cat)s限期整改到期") % {"unit": title.unit.name, "cat": title.category.name},
            due_date=title.rectify_deadline,
            recipient_ids=tuple(u.pk for u in title.unit.liaisons.all()),
            region_id=title.unit.region_id,
            url=reverse("titles:home"),
        )


@due_item_source
def application_deadlines(start: dt.date, end: dt.date):
    """Drafts and returned applications whose evaluation system's 申报截止日期 falls in
    [start, end] (or has passed): a reminder to the unit's liaisons."""
    from .models import AppStatus, TitleApplication

    for app in (
        TitleApplication.objects.filter(
            status__in=[AppStatus.DRAFT, AppStatus.RETURNED], system__application_deadline__lte=end
        )
        .select_related("unit", "category", "system")
        .prefetch_related("unit__liaisons")
    ):
        yield DueItem(
            key=f"titles.apply:{app.pk}:{app.system.application_deadline:%Y%m%d}",
            kind=_("称号申报"),
            title=_("%(unit)s %(year)d年度%(level)s%(cat)s申报")
            % {"unit": app.unit.name, "year": app.year, "level": app.level, "cat": app.category.name},
            due_date=app.system.application_deadline,
            recipient_ids=tuple(u.pk for u in app.unit.liaisons.all()),
            region_id=app.system.region_id,
            url=reverse("titles:application", args=[app.pk]),
        )
