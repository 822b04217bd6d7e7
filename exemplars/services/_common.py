from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.scoping import user_region_code


def require_perm(user, perm: str) -> None:
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(_("您无权执行此操作"))


def require_region(user, region) -> None:
    """Staff act only inside their own region subtree."""
    if getattr(user, "is_superuser", False):
        return
    code = user_region_code(user)
    if not code or not region.code.startswith(code):
        raise PermissionDenied(_("只能办理本辖区的事项"))
