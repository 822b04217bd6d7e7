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


def run_transition(
    obj, name: str, *, by, comment: str = "", state_field: str = "status", seen_state: str | None = None, **kwargs
):
    """Run transition `name` on `obj` under a row lock.

    The row is locked (`SELECT … FOR UPDATE OF` the row) and its state re-read onto
    `obj` inside the transaction. Of two people acting on the same record at once the
    second waits for the first, then finds the state moved on from the one they decided
    on and gets a TransitionError (never a second transition, even where the new state
    would allow theirs, e.g. approve after a concurrent reject). `obj` then carries the
    current state; its other unsaved changes are kept. A caller whose instance was read
    after the person decided (an admin action reads the rows again on POST) passes the
    state the person saw as `seen_state`."""
    method = getattr(obj, name)
    with transaction.atomic():
        if obj.pk is not None:
            seen = seen_state or getattr(obj, state_field)
            obj.refresh_from_db(
                fields=[state_field], from_queryset=type(obj)._base_manager.select_for_update(of=("self",))
            )
            if getattr(obj, state_field) != seen:
                raise TransitionError(
                    _("该记录刚被他人处理，当前状态为“%(state)s”，请刷新页面后重试")
                    % {"state": _state_label(obj, state_field)}
                )
        if not can_proceed(method):
            raise TransitionError(_("当前状态“%(state)s”下不能执行此操作") % {"state": _state_label(obj, state_field)})
        if by is not None and not has_transition_perm(method, by):
            raise PermissionDenied(_("您无权执行此操作"))
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


def _state_label(obj, state_field: str) -> str:
    return getattr(obj, f"get_{state_field}_display", lambda: getattr(obj, state_field))()


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
