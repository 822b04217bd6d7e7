"""Workflow transitions, one approach for every workflow (titles, exemplars, …).

Models declare states with django-fsm-2 (`FSMField` + `@transition(source=…,
target=…, permission=…)`); services call `run_transition`, which checks that the
transition is allowed from the current state and for this user, runs it, saves, and
writes a `StateLog` row (who, when, from, to, why) in the same transaction.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from .models import StateLog


class TransitionError(Exception):
    """An expected user error (wrong state, guard not met); message is Chinese."""


def run_transition(obj, name: str, *, by, comment: str = "", state_field: str = "status", **kwargs):
    method = getattr(obj, name)
    if not can_proceed(method):
        label = getattr(obj, f"get_{state_field}_display", lambda: getattr(obj, state_field))()
        raise TransitionError(_("当前状态“%(state)s”下不能执行此操作") % {"state": label})
    if by is not None and not has_transition_perm(method, by):
        raise PermissionDenied(_("您无权执行此操作"))
    with transaction.atomic():
        source = getattr(obj, state_field)
        result = method(by=by, comment=comment, **kwargs) if _accepts_kwargs(method) else method()
        obj.save()
        StateLog.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            transition=name,
            source=source,
            target=getattr(obj, state_field),
            by=by if getattr(by, "is_authenticated", False) else None,
            comment=comment,
        )
    return result


def _accepts_kwargs(method) -> bool:
    import inspect

    try:
        params = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False
    return "by" in params


def state_logs(obj):
    return StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")
