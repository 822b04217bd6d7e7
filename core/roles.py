"""The roles of DESIGN.md §1 as Django groups, and the permissions each carries.

Groups are (re)built after every migrate and by `manage.py sync_roles`, never by hand:
office staff get every model permission of our apps; officials only `view_*`. Liaisons,
reviewers, team leaders and volunteers work in the portal and hold no model permission —
what they see is decided by the scoping helper (core.scoping).
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _


class Role:
    STAFF = "文明办工作人员"
    LIAISON = "单位联络员"
    OFFICIAL = "领导"
    REVIEWER = "评审专家"
    TEAM_LEADER = "志愿服务队负责人"
    VOLUNTEER = "志愿者"
    PERSONAL_DATA = "个人信息查看"

    ALL = (STAFF, LIAISON, OFFICIAL, REVIEWER, TEAM_LEADER, VOLUNTEER, PERSONAL_DATA)
    LABELS = {
        STAFF: _("文明办工作人员"),
        LIAISON: _("单位联络员"),
        OFFICIAL: _("领导"),
        REVIEWER: _("评审专家"),
        TEAM_LEADER: _("志愿服务队负责人"),
        VOLUNTEER: _("志愿者"),
        PERSONAL_DATA: _("个人信息查看"),
    }


# Apps whose models office staff manage.
DOMAIN_APPS = (
    "core",
    "units",
    "campaigns",
    "titles",
    "volunteers",
    "exemplars",
    "notices",
    "summaries",
    "dashboards",
    "django_celery_beat",
)
REVEAL_PERMISSION = "core.reveal_personal_data"


def user_roles(user) -> frozenset[str]:
    """Names of the role groups the user belongs to (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_civ_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._civ_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in user_roles(user)


def sync_role_groups() -> None:
    perms = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS).select_related("content_type")
    reveal = [p for p in perms if f"{p.content_type.app_label}.{p.codename}" == REVEAL_PERMISSION]
    account_perms = Permission.objects.filter(
        content_type__app_label="auth", codename__in=["view_user", "add_user", "change_user", "view_group"]
    )
    staff_perms = [p for p in perms if p not in reveal] + list(account_perms)
    view_perms = [p for p in perms if p.codename.startswith("view_")]
    wanted = {
        Role.STAFF: staff_perms,
        Role.OFFICIAL: view_perms,
        Role.PERSONAL_DATA: reveal,
        Role.LIAISON: [],
        Role.REVIEWER: [],
        Role.TEAM_LEADER: [],
        Role.VOLUNTEER: [],
    }
    for name, group_perms in wanted.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(group_perms)


def sync_role_groups_after_migrate(sender, **kwargs):
    # After the last app: only then do every app's permissions and tables exist.
    from django.apps import apps

    if sender.name == list(apps.get_app_configs())[-1].name:
        sync_role_groups()
