"""Account grants: nobody widens an account beyond their own reach (issue #12).

The user admin offers only regions inside the editor's subtree and roles the editor
holds; this check runs again on save, so a crafted POST fails too."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.roles import Role, user_roles
from core.scoping import user_region_code


def grantable_roles(by) -> frozenset[str]:
    """Roles `by` may give: those they hold, except the reveal right (superusers only)."""
    return user_roles(by) - {Role.PERSONAL_DATA}


def account_grant_check(*, by, region=None, added_roles=()) -> None:
    """Raise ValidationError (Chinese) if `by` gives a region outside their own subtree
    or a role (group name) they do not hold themselves. Superusers may give anything."""
    if getattr(by, "is_superuser", False):
        return
    if region is not None:
        code = user_region_code(by)
        if not code or not region.code.startswith(code):
            raise ValidationError(_("不能把所属区划设为本人管辖范围以外的区划（%(r)s）") % {"r": region.name})
    foreign = sorted(set(added_roles) - grantable_roles(by))
    if foreign:
        raise ValidationError(_("不能授予本人没有的角色：%(roles)s") % {"roles": "、".join(foreign)})
