"""Scoped reads of campaign records for users (portal, admin, exports)."""

from django.db.models import Count, Prefetch

from core.scoping import scoped

from ..models import (
    Activity,
    Campaign,
    Evidence,
    Inspection,
    Rectification,
    RectificationResponse,
    Task,
    TaskAssignment,
)
from .status import with_status


def campaigns_for(user):
    return scoped(Campaign.objects.select_related("region"), user)


def campaigns_open_to_unit(unit):
    """Campaigns a unit may record activities under: not ended, run by the unit's own
    region or any region above it (GB/T 2260 codes nest, so those are code prefixes)."""
    prefixes = unit.region.ancestor_codes()
    return (
        Campaign.objects.filter(region__code__in=prefixes)
        .exclude(status=Campaign.Status.ENDED)
        .order_by("-year", "name")
    )


def tasks_for(user):
    return scoped(Task.objects.select_related("indicator", "indicator__framework__campaign"), user)


def assignments_for(user, today=None):
    """A user's unit tasks with derived status, ready for lists (no query per row)."""
    qs = TaskAssignment.objects.select_related(
        "unit", "task", "task__indicator", "task__indicator__parent", "task__indicator__framework__campaign"
    )
    return with_status(scoped(qs, user), today)


def evidence_for(user):
    return scoped(
        Evidence.objects.select_related(
            "assignment__unit",
            "assignment__task__indicator__framework__campaign",
            "created_by",
            "reviewed_by",
        ).prefetch_related("files"),
        user,
    )


def inspections_for(user):
    return scoped(
        Inspection.objects.select_related("campaign", "region", "unit").annotate(n_items=Count("rectifications")),
        user,
    )


def rectifications_for(user):
    return scoped(
        Rectification.objects.select_related("unit", "inspection", "inspection__campaign").prefetch_related(
            Prefetch("responses", queryset=RectificationResponse.objects.select_related("by"))
        ),
        user,
    )


def activities_for(user):
    return scoped(Activity.objects.select_related("campaign", "unit", "unit__region"), user)
