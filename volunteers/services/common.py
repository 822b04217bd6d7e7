"""Who may act on a team's records: the rule is core.scoping.can_manage_team."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.scoping import can_manage_team


def require_team_manager(user, team) -> None:
    if not can_manage_team(user, team):
        raise PermissionDenied(_("您无权管理该队伍"))
