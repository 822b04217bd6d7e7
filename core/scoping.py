"""The one scoping helper (DESIGN.md §1 "Scope rule").

Every queryset a user reaches — admin lists, portal pages, exports, downloads,
dashboards — goes through `scoped(queryset, user)`. A model says how it hangs off the
region tree and units with a class attribute::

    class Task(models.Model):
        scope = ScopeSpec(unit="unit", users={Role.REVIEWER: "assignments__reviewer"})

- office staff and officials see objects whose region code starts with their region's
  code (GB/T 2260 codes nest: 41 → 4114 → 411402 → 411402001), i.e. their subtree;
- liaisons see objects of their units;
- other roles (reviewer, team leader, volunteer) see objects whose `users` path leads
  to them (assigned reviewer, team leader, the volunteer's own account).

`get_scoped_or_404` turns "not visible" into 404 and "visible but read-only" into 403.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .roles import Role, user_roles

READ_ONLY_ROLES = frozenset({Role.OFFICIAL})


@dataclass(frozen=True)
class ScopeSpec:
    region: str | None = None  # path to a units.Region foreign key ("self" on Region)
    unit: str | None = None  # path to a units.Unit foreign key ("pk" on Unit itself)
    users: dict[str, str] = field(default_factory=dict)  # role -> path to an auth.User
    distinct: bool = False  # set when a path crosses a many-to-many relation

    def region_code_path(self) -> str | None:
        if self.region == "self":
            return "code"
        if self.region:
            return f"{self.region}__code"
        if self.unit:
            return "region__code" if self.unit == "pk" else f"{self.unit}__region__code"
        return None


def user_region_code(user) -> str | None:
    """The code of the user's region (None without one), read once per user object. The
    profile is read with its region and kept on the user, so the page frame's display
    name costs no second query."""
    cached = getattr(user, "_civ_region_code", False)
    if cached is False:
        from units.models import Profile

        profile = Profile.objects.select_related("region").filter(user=user).first()
        cached = profile.region.code if profile is not None and profile.region_id else None
        if profile is not None:
            user._meta.get_field("profile").set_cached_value(user, profile)
        user._civ_region_code = cached
    return cached


def user_unit_ids(user) -> frozenset[int]:
    cached = getattr(user, "_civ_unit_ids", None)
    if cached is None:
        cached = frozenset(user.liaison_units.values_list("pk", flat=True))
        user._civ_unit_ids = cached
    return cached


def scope_q(model, user) -> Q | None:
    """The filter that limits `model` to what `user` may see; None means everything."""
    if getattr(user, "is_superuser", False):
        return None
    spec: ScopeSpec = getattr(model, "scope", None)
    if spec is None:
        raise TypeError(f"{model.__name__} has no `scope` declaration")
    roles = user_roles(user)
    q = Q(pk__in=[])
    region_path = spec.region_code_path()
    if region_path and roles & {Role.STAFF, Role.OFFICIAL}:
        code = user_region_code(user)
        if code:
            q |= Q(**{f"{region_path}__startswith": code})
    if spec.unit and Role.LIAISON in roles:
        q |= Q(**{f"{spec.unit}__in": user_unit_ids(user)})
    for role, path in spec.users.items():
        if role in roles:
            q |= Q(**{path: user})
    return q


def scoped(queryset, user) -> QuerySet:
    """Limit a queryset (or a model's default manager) to what `user` may see."""
    qs = queryset if isinstance(queryset, QuerySet) else queryset._default_manager.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = scope_q(qs.model, user)
    if q is None:
        return qs
    qs = qs.filter(q)
    return qs.distinct() if qs.model.scope.distinct else qs


def can_write(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    roles = user_roles(user)
    return bool(roles - READ_ONLY_ROLES - {Role.PERSONAL_DATA})


def get_scoped_or_404(queryset, user, *, action: str = "view", **lookup):
    """Fetch one object the user may see (else 404); for a write, 403 if read-only."""
    obj = get_object_or_404(scoped(queryset, user), **lookup)
    if action != "view" and not can_write(user):
        raise PermissionDenied
    return obj


def regions_visible(user) -> QuerySet:
    from units.models import Region

    return scoped(Region.objects.all(), user)
