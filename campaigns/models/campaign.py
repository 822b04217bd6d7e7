from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scoping import ScopeSpec


class CampaignKind(models.TextChoices):
    CITY = "文明城市创建", _("文明城市创建")
    ACTION = "专项行动", _("专项行动")
    FESTIVAL = "我们的节日", _("我们的节日")
    VOLUNTEER = "志愿服务", _("志愿服务")
    SELECTION = "评选", _("评选")
    OTHER = "其他", _("其他")


class CampaignLevel(models.TextChoices):
    NATIONAL = "全国", _("全国")
    PROVINCE = "省级", _("省级")
    CITY = "市级", _("市级")
    COUNTY = "县级", _("县级")


class Campaign(models.Model):
    """创建活动: e.g. 2025年全国文明城市创建, 文明交通行动, 2025年度"身边好人"评选."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("筹备")
        ACTIVE = "active", _("进行中")
        ENDED = "ended", _("已结束")

    name = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("活动类型"), max_length=16, choices=CampaignKind.choices, db_index=True)
    level = models.CharField(_("级别"), max_length=8, choices=CampaignLevel.choices)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    region = models.ForeignKey(
        "units.Region", verbose_name=_("主办区划"), related_name="campaigns", on_delete=models.PROTECT
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PREPARING)
    goals = models.TextField(_("工作目标"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("创建活动")
        verbose_name_plural = _("创建活动")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name
