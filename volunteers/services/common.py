"""Who may act on a team's records: its leaders, and office staff whose region covers it."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.roles import Role, user_roles
from core.scoping import can_write, user_region_code


def can_manage_team(user, team) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if not can_write(user):
        return False
    roles = user_roles(user)
    if Role.STAFF in roles:
        code = user_region_code(user)
        if code and team.region.code.startswith(code):
            return True
    if Role.TEAM_LEADER in roles and team.leaders.filter(pk=user.pk).exists():
        return True
    return False


def require_team_manager(user, team) -> None:
    if not can_manage_team(user, team):
        raise PermissionDenied(_("您无权管理该队伍"))
