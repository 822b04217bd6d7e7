from .progress import progress_by_indicator, progress_by_item, progress_by_region, progress_by_unit, progress_totals
from .records import (
    activities_for,
    assignments_for,
    campaigns_for,
    campaigns_open_to_unit,
    evidence_for,
    inspections_for,
    rectifications_for,
    tasks_for,
)
from .status import with_status

__all__ = [
    "activities_for",
    "assignments_for",
    "campaigns_for",
    "campaigns_open_to_unit",
    "evidence_for",
    "inspections_for",
    "progress_by_indicator",
    "progress_by_item",
    "progress_by_region",
    "progress_by_unit",
    "progress_totals",
    "rectifications_for",
    "tasks_for",
    "with_status",
]
