from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("系统与公共")

    def ready(self):
        from . import roles, schedules

        post_migrate.connect(roles.sync_role_groups_after_migrate, dispatch_uid="core.sync_roles")
        post_migrate.connect(schedules.sync_schedules_after_migrate, dispatch_uid="core.sync_schedules")
