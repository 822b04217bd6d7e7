from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.files import upload_to
from core.scoping import ScopeSpec


class AnnualSummary(models.Model):
    """年度工作总结 of one region and year, one row per version (re-runs keep the earlier
    ones). Figures are stored as a snapshot with their definitions, so the numbers of a
    version never change afterwards and can be traced to what was counted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        SUCCESS = "success", _("已完成")
        FAILED = "failed", _("失败")

    region = models.ForeignKey("units.Region", verbose_name=_("区划"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    message = models.CharField(_("信息"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    job = models.ForeignKey("core.JobRun", verbose_name=_("后台任务"), null=True, blank=True, on_delete=models.SET_NULL)
    figures = models.JSONField(_("数据快照"), default=list, blank=True)
    next_year = models.JSONField(_("下年度事项"), default=dict, blank=True)
    checks = models.JSONField(_("核查数据"), default=dict, blank=True)
    narratives = models.JSONField(_("说明段落快照"), default=dict, blank=True)
    docx = models.FileField(_("Word文稿"), upload_to=upload_to, blank=True)
    xlsx = models.FileField(_("Excel统计表"), upload_to=upload_to, blank=True)

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("年度工作总结")
        verbose_name_plural = _("年度工作总结")
        ordering = ["-year", "region__code", "-version"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "version"], name="summaries_unique_version")]

    def __str__(self):
        return _("%(region)s%(year)d年度工作总结（第%(v)d版）") % {
            "region": self.region.name,
            "year": self.year,
            "v": self.version,
        }

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCESS, self.Status.FAILED}

    @property
    def title(self) -> str:
        return f"{self.region.name}{self.year}年度精神文明创建工作总结"


class SummaryNarrative(models.Model):
    """A paragraph staff write for one section of a region's summary of a year. Kept by
    region, year and section — not by version — so every later version and every
    regeneration prints it (first in its section, before the generated text)."""

    region = models.ForeignKey("units.Region", verbose_name=_("区划"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    section = models.CharField(_("部分"), max_length=16)
    text = models.TextField(_("说明段落"), help_text=_("写入该部分开头；数字仍由系统统计生成。可分段，每段一行。"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编写人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("总结说明段落")
        verbose_name_plural = _("总结说明段落")
        ordering = ["-year", "region__code", "section"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "section"], name="summaries_unique_narrative")]

    def __str__(self):
        return f"{self.region.name}{self.year}年 {self.section}"
