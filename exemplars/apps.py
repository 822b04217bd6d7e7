from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "exemplars"
    verbose_name = _("先进典型")

    def ready(self):
        from . import figures, portal, reminders  # noqa: F401
