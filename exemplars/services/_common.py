from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_perm(user, perm: str) -> None:
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(_("您无权执行此操作"))
