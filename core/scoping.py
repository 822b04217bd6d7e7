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

Rules about one object rather than a queryset live here too, so every access rule is in
this module: `covers` (the region-prefix rule), `staff_covers`, `require_covers`,
`is_unit_liaison`, `unit_worker`, `can_manage_team`, `leader_county_codes`. Apps use them
as django-fsm transition permissions and in their services; they hold no rule of their own.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .roles import Role, user_roles

READ_ONLY_ROLES = frozenset({Role.OFFICIAL})
CODE_LENGTHS = (2, 4, 6, 9, 12)  # GB/T 2260: province, city, county, township, village
COUNTY_CODE_LENGTH = 6


def code_covers(root: str | None, code: str) -> bool:
    """The region-prefix rule: `root`'s subtree holds `code` (no root holds nothing)."""
    return bool(root) and code.startswith(root)


def ancestor_codes(code: str, *, include_self: bool = True) -> list[str]:
    """The codes of a region and the regions above it, top first (4114 → ["41", "4114"])."""
    return [code[:n] for n in CODE_LENGTHS if n < len(code) or (include_self and n == len(code))]


def county_code(code: str) -> str:
    """The county (区县) a code lies in; a city or province code is its own."""
    return code[:COUNTY_CODE_LENGTH]


def top_region_code() -> str | None:
    """The region of the deployment's top-level office: the shortest region code held by
    any active office-staff profile (商丘 demo: 4114, the city office; a tie goes to the
    smaller code). Staff can only give accounts regions inside their own subtree, so
    nobody below can create a higher one; only a superuser can move the top."""
    from units.models import Profile

    staff = Profile.objects.filter(user__groups__name=Role.STAFF, user__is_active=True, region__isnull=False)
    return staff.order_by(Length("region__code"), "region__code").values_list("region__code", flat=True).first()


def is_top_office(user) -> bool:
    """Superusers, and staff whose region is the top region (see top_region_code): they
    own the settings that act on the whole deployment."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_civ_top_office", None)  # read once per user object (request)
    if cached is None:
        code = user_region_code(user)
        cached = user._civ_top_office = bool(code) and Role.STAFF in user_roles(user) and code == top_region_code()
    return cached


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


def covers(user, region) -> bool:
    """Whether `region` (a Region or its code) lies in the user's region subtree;
    superusers cover everything. Says nothing about roles: see `staff_covers`."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    code = region if isinstance(region, str) else region.code
    return code_covers(user_region_code(user), code)


def require_covers(user, region) -> None:
    """Staff act only inside their own region subtree."""
    if not covers(user, region):
        raise PermissionDenied(_("只能办理本辖区的事项"))


def is_office_staff(user) -> bool:
    return getattr(user, "is_superuser", False) or Role.STAFF in user_roles(user)


def staff_covers(user, region) -> bool:
    """Office staff whose region contains `region` (or a superuser)."""
    if getattr(user, "is_superuser", False):
        return True
    return Role.STAFF in user_roles(user) and covers(user, region)


def is_unit_liaison(user, unit) -> bool:
    """The unit's own liaison (Unit.liaisons and the liaison role)."""
    return (
        getattr(user, "is_authenticated", False) and Role.LIAISON in user_roles(user) and unit.pk in user_unit_ids(user)
    )


def unit_worker(user, unit) -> bool:
    """The unit's liaison, or staff covering it (staff may fill in on a unit's behalf)."""
    return is_unit_liaison(user, unit) or staff_covers(user, unit.region)


def can_manage_team(user, team) -> bool:
    """A volunteer team's leaders, and writing office staff whose region covers it."""
    if getattr(user, "is_superuser", False):
        return True
    if not can_write(user):
        return False
    roles = user_roles(user)
    if Role.STAFF in roles and covers(user, team.region):
        return True
    return Role.TEAM_LEADER in roles and team.leaders.filter(pk=user.pk).exists()


def leader_county_codes(user) -> set[str]:
    """Counties of the active teams the user leads."""
    from volunteers.models import Team

    codes = Team.objects.filter(leaders=user, is_active=True).values_list("region__code", flat=True)
    return {county_code(code) for code in codes}


def leader_requests_q(user) -> Q:
    """需求对接 for a team leader: their teams' service requests, and the open needs posted
    in their teams' counties, to take them on."""
    from volunteers.models import ServiceRequest

    q = Q(team__leaders=user)
    for code in leader_county_codes(user):
        q |= Q(status=ServiceRequest.Status.OPEN, region__code__startswith=code)
    return q


def regions_visible(user) -> QuerySet:
    from units.models import Region

    return scoped(Region.objects.all(), user)
