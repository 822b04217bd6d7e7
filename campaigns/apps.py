from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("创建活动")

    def ready(self):
        from . import figures, portal, reminders  # noqa: F401  (registries)
