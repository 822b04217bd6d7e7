from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "titles"
    verbose_name = _("文明称号")

    def ready(self):
        from . import figures, portal, reminders  # noqa: F401  (registries)
