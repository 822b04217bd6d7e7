from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopeSpec


class FigureSnapshot(models.Model):
    """A figure precomputed for one region (with its subtree) and year, so that a
    dashboard page reads a handful of rows instead of aggregating millions of records.
    Refreshed by `dashboards.tasks.refresh_snapshots` (schedule in core/schedules.py)
    and on demand; a page falls back to live computation where a row is missing."""

    region = models.ForeignKey(
        "units.Region", verbose_name=_("区划"), related_name="figure_snapshots", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    key = models.CharField(_("指标"), max_length=64)
    value = models.FloatField(_("数值"), default=0)
    breakdowns = models.JSONField(_("分组"), default=dict)  # {label: [[group value, number], ...]}
    by_child = models.JSONField(_("下级区划"), default=dict)  # {child region code: number}
    computed_at = models.DateTimeField(_("计算时间"))

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("看板指标快照")
        verbose_name_plural = _("看板指标快照")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "key"], name="figure_snapshot_unique"),
        ]
        indexes = [models.Index(fields=["region", "year"])]

    def __str__(self):
        return f"{self.region_id} {self.year} {self.key}"
