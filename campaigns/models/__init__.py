from .activities import Activity, ActivityKind, ActivityPhoto
from .campaign import Campaign, CampaignKind, CampaignLevel
from .framework import EvaluationMethod, Indicator, IndicatorFramework
from .inspections import Inspection, InspectionPhoto, Rectification, RectificationResponse
from .tasks import AssignmentRole, Evidence, EvidenceFile, Task, TaskAssignment, TaskStatus

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityPhoto",
    "AssignmentRole",
    "Campaign",
    "CampaignKind",
    "CampaignLevel",
    "EvaluationMethod",
    "Evidence",
    "EvidenceFile",
    "Indicator",
    "IndicatorFramework",
    "Inspection",
    "InspectionPhoto",
    "Rectification",
    "RectificationResponse",
    "Task",
    "TaskAssignment",
    "TaskStatus",
]
