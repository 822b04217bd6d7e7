from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("区划与单位")

    def ready(self):
        from django.contrib.auth import get_user_model

        from core.roles import Role
        from core.scoping import ScopeSpec

        # Accounts are scoped by the region on their profile; everyone sees themself.
        get_user_model().scope = ScopeSpec(
            region="profile__region",
            users={role: "pk" for role in (Role.LIAISON, Role.REVIEWER, Role.TEAM_LEADER, Role.VOLUNTEER)},
        )
