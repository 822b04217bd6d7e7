from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("年度总结")

    def ready(self):
        # Figures about the units themselves (units/apps.py belongs to the foundation).
        import units.figures  # noqa: F401
