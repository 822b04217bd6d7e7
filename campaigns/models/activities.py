from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.files import upload_to, validate_image
from core.scoping import ScopeSpec


class ActivityKind(models.TextChoices):
    MORAL_LECTURE = "道德讲堂", _("道德讲堂")
    VOLUNTEER = "志愿服务", _("志愿服务")
    FESTIVAL = "我们的节日", _("我们的节日")
    PREACHING = "宣讲", _("宣讲")
    PRACTICE = "文明实践", _("文明实践")
    TRAFFIC = "文明交通", _("文明交通")
    READING = "全民阅读", _("全民阅读")
    OTHER = "其他", _("其他")


class Activity(models.Model):
    """活动: an event a unit held under a campaign."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("创建活动"), related_name="activities", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("主办单位"), related_name="activities", on_delete=models.PROTECT
    )
    title = models.CharField(_("活动名称"), max_length=120)
    kind = models.CharField(_("活动类型"), max_length=16, choices=ActivityKind.choices, db_index=True)
    date = models.DateField(_("活动日期"), db_index=True)
    place = models.CharField(_("活动地点"), max_length=200)
    participants = models.PositiveIntegerField(_("参与人数"))
    description = models.TextField(_("活动简介"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="unit__region", unit="unit")

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), related_name="photos", on_delete=models.CASCADE)
    file = models.FileField(_("照片"), upload_to=upload_to, validators=[validate_image])
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    scope = ScopeSpec(region="activity__unit__region", unit="activity__unit")

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")

    def __str__(self):
        return self.caption or str(self.pk)
