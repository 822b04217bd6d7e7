"""Civilized-unit titles (DESIGN.md §2): catalog, applications and their assessment,
titles held and their re-examination, yearly materials, pairing."""

from .applications import (  # noqa: F401
    ApplicationAttachment,
    ApplicationRevision,
    AppStatus,
    Consultation,
    CriterionScore,
    CultivationRecommendation,
    CultivationRound,
    Level,
    Objection,
    PublicityBatch,
    ReviewAssignment,
    SelfAssessmentItem,
    TitleApplication,
)
from .catalog import Criterion, EvaluationSystem, TitleCategory  # noqa: F401
from .holdings import IN_TERM, Pairing, PairingRecord, ReExamination, Title, TitleStatus  # noqa: F401
from .materials import MaterialRequirement, MaterialStatus, MaterialSubmission  # noqa: F401

IN_TERM_STATUSES = [str(s) for s in IN_TERM]
