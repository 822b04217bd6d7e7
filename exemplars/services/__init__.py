"""Writes of the exemplars app. Every function is `<thing>_<action>(*, ..., by)`,
atomic, and the only place where a rule of the selection workflow lives."""

from .care import care_visit_record, exemplar_clear_hardship, exemplar_set_hardship, hardship_report_submit
from .commendation import exemplar_for_nomination, nominations_commend
from .nominations import nomination_accept, nomination_reject, nomination_submit, nominations_merge
from .publicity import nomination_not_select, objection_record, objection_resolve, publicity_start
from .reviews import review_submit, reviewers_assign
from .rounds import round_open, round_update
from .voting import VoteRefused, public_vote_cast

__all__ = [
    "VoteRefused",
    "care_visit_record",
    "exemplar_clear_hardship",
    "exemplar_for_nomination",
    "exemplar_set_hardship",
    "hardship_report_submit",
    "nomination_accept",
    "nomination_not_select",
    "nomination_reject",
    "nomination_submit",
    "nominations_commend",
    "nominations_merge",
    "objection_record",
    "objection_resolve",
    "public_vote_cast",
    "publicity_start",
    "review_submit",
    "reviewers_assign",
    "round_open",
    "round_update",
]
