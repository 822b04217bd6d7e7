"""Due items for the reminder scan: half-yearly hardship statistics, festival care
visits, nomination windows closing, publicity periods ending."""

import datetime as dt
from collections import defaultdict

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import DueItem, due_item_source
from core.roles import Role
from units.models import Profile, Region

from .dates import festival_season
from .models import CareVisit, Exemplar, HardshipReport, NominationStatus, SelectionRound


def _office_staff() -> dict[int, list[int]]:
    """Region id -> ids of the office staff scoped to it."""
    staff = defaultdict(list)
    rows = Profile.objects.filter(
        user__groups__name=Role.STAFF, user__is_active=True, region__isnull=False
    ).values_list("region_id", "user_id")
    for region_id, user_id in rows:
        staff[region_id].append(user_id)
    return staff


def _offices_with_exemplars(staff: dict[int, list[int]]):
    regions = Region.objects.filter(pk__in=list(staff)).only("pk", "code", "name")
    codes = set(Exemplar.objects.values_list("region__code", flat=True).distinct())
    return [r for r in regions if any(c.startswith(r.code) for c in codes)]


@due_item_source
def hardship_statistics_due(start: dt.date, end: dt.date):
    staff = _office_staff()
    offices = None
    for year in range(start.year, end.year + 1):
        for half, due in ((1, dt.date(year, 6, 30)), (2, dt.date(year, 12, 31))):
            if not start <= due <= end:
                continue
            offices = offices if offices is not None else _offices_with_exemplars(staff)
            done = set(HardshipReport.objects.filter(year=year, half=half).values_list("region_id", flat=True))
            url = reverse("admin:exemplars_hardship_stats") + f"?year={year}&half={half}"
            for office in offices:
                yield DueItem(
                    key=f"exemplars.hardship_stats:{office.pk}:{year}H{half}",
                    kind=_("困难典型统计"),
                    title=_("报送%(y)d年%(h)s困难先进典型统计")
                    % {"y": year, "h": _("上半年") if half == 1 else _("下半年")},
                    due_date=due,
                    recipient_ids=tuple(staff[office.pk]),
                    region_id=office.pk,
                    url=url + f"&region={office.code}",
                    done=office.pk in done,
                )


@due_item_source
def festival_visits_due(start: dt.date, end: dt.date):
    """Before 春节 and 中秋: every office with exemplars in hardship visits them; done
    when each of them has a visit in the festival's season."""
    staff = _office_staff()
    hardship = list(Exemplar.objects.filter(hardship=True, is_deceased=False).values_list("pk", "region__code"))
    if not hardship:
        return
    offices = Region.objects.filter(pk__in=list(staff)).only("pk", "code")
    for festival in ("春节", "中秋"):
        for year in range(start.year, end.year + 2):
            season = festival_season(festival, year)
            if season is None:
                continue
            day, season_start, season_end = season
            due = day - dt.timedelta(days=1)
            if not start <= due <= end:
                continue
            visited = set(
                CareVisit.objects.filter(date__range=(season_start, season_end)).values_list("exemplar_id", flat=True)
            )
            for office in offices:
                mine = [pk for pk, code in hardship if code.startswith(office.code)]
                if not mine:
                    continue
                yield DueItem(
                    key=f"exemplars.festival_visits:{office.pk}:{festival}{year}",
                    kind=_("节日慰问"),
                    title=_("%(y)d年%(f)s前慰问困难先进典型（%(n)d人）") % {"y": year, "f": festival, "n": len(mine)},
                    due_date=due,
                    recipient_ids=tuple(staff[office.pk]),
                    region_id=office.pk,
                    url=reverse("admin:exemplars_festival_visits") + f"?festival={festival}&year={year}",
                    done=all(pk in visited for pk in mine),
                )


@due_item_source
def round_deadlines_due(start: dt.date, end: dt.date):
    staff = _office_staff()
    rounds = SelectionRound.objects.select_related("campaign", "campaign__region").exclude(
        stage=SelectionRound.Stage.CLOSED
    )
    closing = rounds.filter(nomination_end__range=(start, end))
    for r in closing:
        region = r.campaign.region
        yield DueItem(
            key=f"exemplars.nomination_window:{r.pk}:{r.nomination_end:%Y%m%d}",
            kind=_("推荐截止"),
            title=_("%(r)s推荐截止") % {"r": r.name},
            due_date=r.nomination_end,
            recipient_ids=tuple(staff[region.pk]),
            region_id=region.pk,
            url=reverse("admin:exemplars_nomination_changelist") + f"?round__id__exact={r.pk}",
            done=r.stage != SelectionRound.Stage.NOMINATING,
        )
    ending = (
        rounds.filter(nominations__status=NominationStatus.PUBLICITY)
        .annotate(last_day=Max("nominations__publicity_end"))
        .filter(last_day__lte=end)
    )
    for r in ending:
        region = r.campaign.region
        yield DueItem(
            key=f"exemplars.publicity_end:{r.pk}:{r.last_day:%Y%m%d}",
            kind=_("公示期结束"),
            title=_("%(r)s公示期结束，处理异议后表彰") % {"r": r.name},
            due_date=r.last_day,
            recipient_ids=tuple(staff[region.pk]),
            region_id=region.pk,
            url=reverse("admin:exemplars_nomination_changelist") + f"?round__id__exact={r.pk}&status__exact=publicity",
            done=False,
        )
