"""Who may act on titles records. Visibility is decided by core.scoping; these checks
decide the *kind* of act (office work vs. unit work) and are used as django-fsm
transition permissions, so run_transition enforces them in one place."""

from core.roles import Role, user_roles
from core.scoping import user_region_code, user_unit_ids


def is_office_staff(user) -> bool:
    return getattr(user, "is_superuser", False) or Role.STAFF in user_roles(user)


def staff_covers(user, unit) -> bool:
    """Office staff whose region contains the unit (or a superuser)."""
    if getattr(user, "is_superuser", False):
        return True
    if Role.STAFF not in user_roles(user):
        return False
    code = user_region_code(user)
    return bool(code) and unit.region.code.startswith(code)


def is_unit_liaison(user, unit) -> bool:
    return (
        getattr(user, "is_authenticated", False) and Role.LIAISON in user_roles(user) and unit.pk in user_unit_ids(user)
    )


def unit_worker(user, unit) -> bool:
    """The unit's liaison, or staff covering it (staff may fill in on a unit's behalf)."""
    return is_unit_liaison(user, unit) or staff_covers(user, unit)
