"""Write services of the volunteers app (one module per subdomain)."""

from .certificates import certificate_issue
from .events import event_create, signup_create
from .hours import hours_apply_deltas, service_hours_confirm, star_for_hours, thresholds_for
from .registration import volunteer_approve, volunteer_register, volunteer_reject
from .requests import request_close, request_create, request_match

__all__ = [
    "certificate_issue",
    "event_create",
    "hours_apply_deltas",
    "request_close",
    "request_create",
    "request_match",
    "service_hours_confirm",
    "signup_create",
    "star_for_hours",
    "thresholds_for",
    "volunteer_approve",
    "volunteer_register",
    "volunteer_reject",
]
