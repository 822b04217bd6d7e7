from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopeSpec


class EvaluationMethod(models.TextChoices):
    MATERIAL = "材料审核", _("材料审核")
    FIELD = "实地考察", _("实地考察")
    SURVEY = "问卷调查", _("问卷调查")
    ONLINE = "网上申报", _("网上申报")


class IndicatorFramework(models.Model):
    """测评体系 of one campaign: a three-level tree of indicators."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("创建活动"), related_name="framework", on_delete=models.CASCADE
    )
    name = models.CharField(_("测评体系名称"), max_length=120)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="campaign__region")

    class Meta:
        verbose_name = _("测评体系")
        verbose_name_plural = _("测评体系")
        ordering = ["-campaign__year", "name"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """One node of the framework: 测评项目 (level 1) → 测评内容 (2) → 测评标准 (3).

    Codes nest by dots: "3" → "3.2" → "3.2.1"; the parent of "3.2.1" is "3.2"."""

    class Level(models.IntegerChoices):
        ITEM = 1, _("测评项目")
        CONTENT = 2, _("测评内容")
        STANDARD = 3, _("测评标准")

    framework = models.ForeignKey(
        IndicatorFramework, verbose_name=_("测评体系"), related_name="indicators", on_delete=models.CASCADE
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级指标"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices)
    code = models.CharField(_("编号"), max_length=20)
    sort_key = models.CharField(_("排序键"), max_length=40, editable=False, db_index=True)
    text = models.TextField(_("内容"))
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=0)
    method = models.CharField(_("测评方法"), max_length=8, choices=EvaluationMethod.choices, blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="framework__campaign__region")

    class Meta:
        verbose_name = _("测评指标")
        verbose_name_plural = _("测评指标")
        ordering = ["framework", "sort_key"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="indicator_unique_code")]

    def __str__(self):
        return f"{self.code} {self.text[:30]}"

    @staticmethod
    def sort_key_for(code: str) -> str:
        """'3.10.2' sorts after '3.9.1': zero-padded parts."""
        return ".".join(part.zfill(3) for part in code.split("."))

    def save(self, *args, **kwargs):
        self.sort_key = self.sort_key_for(self.code)
        super().save(*args, **kwargs)
