"""Reads of the exemplars app. Everything a signed-in user reaches goes through
core.scoping; the anonymous pages read only what a 公示 shows."""

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from core.scoping import scoped, user_unit_ids
from units.models import Region

from .dates import festival_season, half_year_bounds
from .models import (
    CareVisit,
    Exemplar,
    Nomination,
    NominationStatus,
    PublicVote,
    ReviewAssignment,
    ReviewVote,
    SelectionRound,
)

RANKED_STATES = (NominationStatus.REVIEWING, NominationStatus.PUBLICITY, NominationStatus.COMMENDED)


def rounds_for(user):
    return scoped(SelectionRound.objects.select_related("campaign", "campaign__region"), user)


def rounds_open_for_unit(unit, today: dt.date | None = None):
    """Rounds a unit may nominate to now: run by an office at or above the unit's region."""
    today = today or timezone.localdate()
    prefixes = unit.region.ancestor_codes()
    return (
        SelectionRound.objects.filter(
            stage=SelectionRound.Stage.NOMINATING,
            nomination_start__lte=today,
            nomination_end__gte=today,
            campaign__region__code__in=prefixes,
        )
        .select_related("campaign", "campaign__region")
        .order_by("nomination_end")
    )


def rounds_open_for_public(today: dt.date | None = None):
    today = today or timezone.localdate()
    return (
        SelectionRound.objects.filter(
            stage=SelectionRound.Stage.NOMINATING,
            public_nomination=True,
            nomination_start__lte=today,
            nomination_end__gte=today,
        )
        .select_related("campaign", "campaign__region")
        .order_by("nomination_end")
    )


def rounds_in_publicity(today: dt.date | None = None):
    today = today or timezone.localdate()
    return (
        SelectionRound.objects.filter(
            nominations__status=NominationStatus.PUBLICITY, nominations__publicity_start__lte=today
        )
        .distinct()
        .select_related("campaign", "campaign__region")
    )


def rounds_with_voting():
    return (
        SelectionRound.objects.filter(public_voting=True, nominations__status=NominationStatus.REVIEWING)
        .distinct()
        .select_related("campaign")
    )


def publicity_list(selection_round: SelectionRound, today: dt.date | None = None):
    """Only what a 公示 shows: name, unit, category, short deeds (no ID, phone, nominator)."""
    today = today or timezone.localdate()
    return (
        selection_round.nominations.filter(status=NominationStatus.PUBLICITY, publicity_start__lte=today)
        .only(
            "pk",
            "nominee_name",
            "unit_or_address",
            "category",
            "deeds_summary",
            "deeds",
            "publicity_start",
            "publicity_end",
            "round_id",
        )
        .order_by("category", "nominee_name")
    )


def voting_candidates(selection_round: SelectionRound):
    return (
        selection_round.nominations.filter(status=NominationStatus.REVIEWING)
        .only("pk", "nominee_name", "unit_or_address", "category", "deeds_summary", "deeds", "round_id")
        .annotate(votes=_public_votes())
        .order_by("category", "nominee_name")
    )


def nominations_for(user):
    return scoped(Nomination.objects.select_related("round__campaign", "region", "nominator_unit", "merged_into"), user)


def liaison_nominations(user):
    return nominations_for(user).filter(nominator_unit__liaisons=user).order_by("-created_at")


def assignments_for_reviewer(user):
    """What is assigned to this reviewer, never a nomination made by their own unit."""
    return (
        scoped(ReviewAssignment.objects.select_related("nomination__round__campaign", "nomination__region"), user)
        .filter(reviewer=user)
        .exclude(nomination__nominator_unit__in=user_unit_ids(user))
    )


def _public_votes():
    votes = (
        PublicVote.objects.filter(nomination=OuterRef("pk"))
        .order_by()
        .values("nomination")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return Coalesce(Subquery(votes, output_field=IntegerField()), Value(0))


def ranking(selection_round: SelectionRound, nominations=None) -> dict[str, list[Nomination]]:
    """Per category, nominations ordered by the reviewers' average score then 赞成 votes;
    public votes are shown beside them and do not change the order."""
    qs = nominations if nominations is not None else selection_round.nominations.all()
    rows = (
        qs.filter(round=selection_round, status__in=RANKED_STATES)
        .select_related("region", "nominator_unit")
        .annotate(
            avg_score=Avg("assignments__score"),
            reviews_done=Count("assignments", filter=Q(assignments__submitted_at__isnull=False)),
            reviews_total=Count("assignments"),
            votes_for=Count("assignments", filter=Q(assignments__vote=ReviewVote.FOR)),
            votes_against=Count("assignments", filter=Q(assignments__vote=ReviewVote.AGAINST)),
            web_votes=_public_votes(),
        )
        .order_by("category")
    )
    grouped: dict[str, list] = {c: [] for c in selection_round.categories}
    for row in rows:
        grouped.setdefault(row.category, []).append(row)
    for items in grouped.values():
        items.sort(key=lambda n: (-(n.avg_score or Decimal(-1)), -n.votes_for, n.nominee_name))
        for place, item in enumerate(items, start=1):
            item.place = place
    return grouped


def duplicate_candidates(selection_round: SelectionRound):
    """Names (or ID numbers) nominated more than once in a round and not yet merged."""
    live = selection_round.nominations.exclude(status__in=[NominationStatus.MERGED, NominationStatus.REJECTED])
    names = live.values("nominee_name").annotate(n=Count("pk")).filter(n__gt=1).values_list("nominee_name", flat=True)
    return live.filter(nominee_name__in=list(names)).order_by("nominee_name", "created_at")


def exemplars_for(user):
    return scoped(Exemplar.objects.select_related("region"), user)


def _area_length(region: Region) -> int:
    """Group a region's subtree by its children (a county groups by itself)."""
    return {Region.Level.PROVINCE: 4, Region.Level.CITY: 6}.get(region.level, len(region.code))


def hardship_statistics(region: Region, year: int, half: int) -> list[dict]:
    """Half-year table by sub-region: exemplars, in hardship at the end of the half,
    care visits in the half, hardship exemplars visited, money given. Last row: total."""
    start, end = half_year_bounds(year, half)
    length = _area_length(region)
    base = Exemplar.objects.filter(region__code__startswith=region.code)
    per_area: dict[str, dict] = {}

    def row(code):
        return per_area.setdefault(
            code, {"exemplars": 0, "hardship": 0, "visits": 0, "visited": 0, "amount": Decimal("0")}
        )

    if length > len(region.code):
        for child_code in Region.objects.filter(parent=region).values_list("code", flat=True):
            row(child_code)
    else:
        row(region.code)
    for r in (
        base.annotate(area=Substr("region__code", 1, length))
        .values("area")
        .annotate(
            total=Count("pk"),
            hardship=Count(
                "pk", filter=Q(hardship=True) & (Q(hardship_since__isnull=True) | Q(hardship_since__lte=end))
            ),
        )
    ):
        row(r["area"]).update(exemplars=r["total"], hardship=r["hardship"])
    visits = CareVisit.objects.filter(exemplar__region__code__startswith=region.code, date__range=(start, end))
    for r in (
        visits.annotate(area=Substr("exemplar__region__code", 1, length))
        .values("area")
        .annotate(
            n=Count("pk"),
            visited=Count("exemplar", distinct=True, filter=Q(exemplar__hardship=True)),
            money=Sum("amount"),
        )
    ):
        row(r["area"]).update(visits=r["n"], visited=r["visited"], amount=r["money"] or Decimal("0"))
    names = dict(Region.objects.filter(code__in=per_area).values_list("code", "name"))
    table = [{"code": code, "region": names.get(code, code), **values} for code, values in sorted(per_area.items())]
    total = {"code": "", "region": "合计"}
    for key in ("exemplars", "hardship", "visits", "visited", "amount"):
        total[key] = sum((r[key] for r in table), Decimal("0") if key == "amount" else 0)
    return [*table, total]


def festival_visit_list(exemplars, festival: str, year: int, *, hardship_only: bool = True):
    """Exemplars not yet visited in the festival's season (visits of any kind count)."""
    season = festival_season(festival, year)
    if season is None:
        return exemplars.none(), None
    _day, start, end = season
    visited = CareVisit.objects.filter(date__range=(start, end)).values("exemplar_id")
    qs = exemplars.exclude(pk__in=visited).filter(is_deceased=False)
    if hardship_only:
        qs = qs.filter(hardship=True)
    last_visit = CareVisit.objects.filter(exemplar=OuterRef("pk")).order_by("-date").values("date")[:1]
    qs = qs.select_related("region").annotate(last_visit=Subquery(last_visit))
    return qs.order_by("region__code", "name"), season
