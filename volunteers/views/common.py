from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from core.roles import Role, user_roles
from core.scoping import can_write


def roles_required(*roles, write: bool = False):
    """Logged in, holding one of `roles` (superusers pass); `write` refuses read-only users."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_superuser and not (user_roles(user) & set(roles)):
                raise PermissionDenied
            if write and request.method == "POST" and not can_write(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


MANAGERS = (Role.TEAM_LEADER, Role.STAFF, Role.OFFICIAL)
OFFICE = (Role.STAFF, Role.OFFICIAL)
