from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopeSpec


class TitleCategory(models.Model):
    """文明单位 / 文明村镇 / 文明社区 / 文明校园 / 文明家庭 / 文明窗口 / 青年文明号 …

    Shared reference data (the same list for every office), hence no scope: it carries
    nothing of any region or unit."""

    name = models.CharField(_("称号类别"), max_length=32, unique=True)
    term_years = models.PositiveSmallIntegerField(_("届期（年）"), default=3)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("称号类别")
        verbose_name_plural = _("称号类别")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class EvaluationSystem(models.Model):
    """测评体系 of one office for one category and year (versioned by year)."""

    region = models.ForeignKey("units.Region", verbose_name=_("制定单位（区划）"), on_delete=models.PROTECT)
    category = models.ForeignKey(TitleCategory, verbose_name=_("称号类别"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    name = models.CharField(_("名称"), max_length=120)
    pass_score = models.DecimalField(_("合格分数线"), max_digits=6, decimal_places=1, default=85)
    application_deadline = models.DateField(
        _("申报截止日期"), null=True, blank=True, help_text=_("联络员在单位首页看到的本年度申报截止日期")
    )
    notes = models.TextField(_("说明"), blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("测评体系")
        verbose_name_plural = _("测评体系")
        ordering = ["-year", "category__order"]
        constraints = [
            models.UniqueConstraint(fields=["region", "category", "year"], name="titles_system_unique_per_year")
        ]

    def __str__(self):
        return self.name

    @property
    def max_total(self):
        return sum((c.max_points for c in self.criteria.all()), 0)


class Criterion(models.Model):
    system = models.ForeignKey(
        EvaluationSystem, verbose_name=_("测评体系"), related_name="criteria", on_delete=models.CASCADE
    )
    code = models.CharField(_("编号"), max_length=16)
    name = models.CharField(_("测评内容"), max_length=200)
    max_points = models.DecimalField(_("分值"), max_digits=6, decimal_places=1)
    notes = models.TextField(_("评分说明"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    history = HistoricalRecords()

    scope = ScopeSpec(region="system__region")

    class Meta:
        verbose_name = _("测评项目")
        verbose_name_plural = _("测评项目")
        ordering = ["system", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="titles_criterion_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"
