"""Reads of the titles app for users, always through core.scoping."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from core.scoping import scoped, user_unit_ids
from units.models import Unit

from .models import (
    IN_TERM_STATUSES,
    AppStatus,
    CultivationRound,
    EvaluationSystem,
    MaterialRequirement,
    MaterialStatus,
    MaterialSubmission,
    Pairing,
    PublicityBatch,
    ReExamination,
    ReviewAssignment,
    Title,
    TitleApplication,
)


def applications_for(user):
    return scoped(TitleApplication.objects.select_related("unit__region", "category", "system", "publicity"), user)


def unit_applications_for(user):
    """Applications of the user's own units (liaison pages: reviewers' access excluded)."""
    return applications_for(user).filter(unit__in=user_unit_ids(user))


def assignments_for_reviewer(user):
    """Only what is assigned to the reviewer, never of a unit they are liaison of."""
    return (
        scoped(ReviewAssignment.objects.all(), user)
        .filter(reviewer=user)
        .exclude(application__unit__in=user_unit_ids(user))
        .select_related("application__unit__region", "application__category", "revision")
    )


def titles_for(user):
    return scoped(Title.objects.select_related("unit__region", "category"), user)


def pairings_for(user):
    return scoped(Pairing.objects.select_related("unit", "partner"), user)


def under_publicity(today: dt.date | None = None):
    """Public: applications under publicity right now (no login, no scoping by user)."""
    today = today or timezone.localdate()
    return (
        TitleApplication.objects.filter(
            status=AppStatus.PUBLICITY, publicity__start_date__lte=today, publicity__end_date__gte=today
        )
        .select_related("unit__region", "category", "publicity__region")
        .order_by("publicity__start_date", "publicity_id", "level", "unit__name")
    )


def requirements_applying(region, year: int | None):
    """Requirements of the region's own offices and of those above it (and below, for
    a region's overview)."""
    prefixes = region.ancestor_codes()
    qs = MaterialRequirement.objects.filter(Q(region__code__in=prefixes) | Q(region__code__startswith=region.code))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("region")


def requirement_for_unit(unit, pk: int):
    """A requirement that applies to the unit (any year), or None."""
    req = requirements_applying(unit.region, None).filter(pk=pk).first()
    return req if req and req.applies_to(unit) else None


def requirements_for_unit(unit, year: int):
    return [r for r in requirements_applying(unit.region, year) if r.applies_to(unit)]


@dataclass
class Completeness:
    requirements: list
    rows: list = field(default_factory=list)  # (unit, [submission | None | "n/a"], counts)
    required: int = 0
    submitted: int = 0
    accepted: int = 0
    truncated: bool = False  # more units than `limit`: the page says so, the export has all


def completeness_matrix(user, *, region, year: int, limit: int | None = 500) -> Completeness:
    """Units × requirements for a region (a node the user sees). Three queries.
    limit=None (the export) takes every unit."""
    requirements = list(requirements_applying(region, year))
    kinds = set()
    for req in requirements:
        kinds = None if not req.unit_kinds or kinds is None else kinds | set(req.unit_kinds)
    units_qs = (
        scoped(Unit.objects.select_related("region"), user)
        .filter(region__code__startswith=region.code, is_active=True)
        .order_by("region__code", "name")
    )
    if kinds is not None:  # only units some requirement applies to
        units_qs = units_qs.filter(kind__in=kinds)
    units = list(units_qs if limit is None else units_qs[: limit + 1])
    truncated = limit is not None and len(units) > limit
    units = units[:limit] if truncated else units
    subs = {
        (s.unit_id, s.requirement_id): s
        for s in scoped(MaterialSubmission.objects.all(), user)
        .filter(requirement__in=requirements, unit__in=units)
        .only("pk", "unit_id", "requirement_id", "status", "original_name")
    }
    out = Completeness(requirements=requirements, truncated=truncated)
    for unit in units:
        cells, need, done, ok = [], 0, 0, 0
        for req in requirements:
            if not req.applies_to(unit):
                cells.append("n/a")
                continue
            need += 1
            sub = subs.get((unit.pk, req.pk))
            cells.append(sub)
            if sub:
                done += 1
                ok += sub.status == MaterialStatus.ACCEPTED
        if need:
            out.rows.append((unit, cells, {"required": need, "submitted": done, "accepted": ok}))
            out.required, out.submitted, out.accepted = out.required + need, out.submitted + done, out.accepted + ok
    return out


REASON_LOW = "低于分数线"
REASON_FAILED = "复查未通过"
REASON_TERM = "本年届满"


def dynamic_management(qs, *, year: int, threshold: Decimal):
    """动态管理: titles in term whose latest score is below the threshold, whose latest
    re-examination failed (限期整改/撤销 this or last year), or whose term ends this year."""
    failed = ReExamination.objects.filter(
        year__gte=year - 1, outcome__in=[ReExamination.Outcome.RECTIFY, ReExamination.Outcome.REVOKE]
    ).values("title_id")
    return qs.filter(
        Q(status__in=IN_TERM_STATUSES, latest_score__lt=threshold)
        | Q(pk__in=failed)
        | Q(status__in=IN_TERM_STATUSES, term_end_year=year)
    )


def dynamic_reasons(title, *, year: int, threshold: Decimal) -> list[str]:
    out = []
    if title.latest_score is not None and title.latest_score < threshold and title.status in IN_TERM_STATUSES:
        out.append(REASON_LOW)
    if title.status in ("限期整改", "撤销"):
        out.append(REASON_FAILED)
    if title.term_end_year == year and title.status in IN_TERM_STATUSES:
        out.append(REASON_TERM)
    return out


def open_round_for(unit, year: int):
    prefixes = unit.region.ancestor_codes()
    return (
        CultivationRound.objects.filter(year=year, region__code__in=prefixes, is_open=True)
        .select_related("region")
        .order_by("-region__code")
        .first()
    )


def systems_open_for(units, year: int) -> dict:
    """{unit_id: [EvaluationSystem]}: for each unit, per category, the system of the nearest
    office above it this year — what the unit may apply for, with its deadline. One query."""
    prefixes = {code for u in units for code in u.region.ancestor_codes()}
    systems = list(
        EvaluationSystem.objects.filter(year=year, region__code__in=prefixes).select_related("region", "category")
    )
    out = {}
    for unit in units:
        best = {}
        for s in systems:
            if unit.region.code.startswith(s.region.code):
                if s.category_id not in best or len(s.region.code) > len(best[s.category_id].region.code):
                    best[s.category_id] = s
        out[unit.pk] = sorted(best.values(), key=lambda s: (s.category.order, s.category.name))
    return out


def running_publicity(today=None):
    today = today or timezone.localdate()
    return PublicityBatch.objects.filter(start_date__lte=today, end_date__gte=today)
