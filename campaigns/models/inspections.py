from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.dates import cn_date
from core.files import upload_to, validate_document, validate_image
from core.scoping import ScopeSpec


class Inspection(models.Model):
    """督查: a spot check by office staff; its findings become rectification items."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("创建活动"),
        related_name="inspections",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    date = models.DateField(_("督查日期"), db_index=True)
    region = models.ForeignKey("units.Region", verbose_name=_("所在区划"), related_name="+", on_delete=models.PROTECT)
    place = models.CharField(_("督查地点"), max_length=200)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("被督查单位"),
        related_name="inspections",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    inspectors = models.CharField(_("督查人员"), max_length=200, blank=True)
    findings = models.TextField(_("发现问题"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("督查")
        verbose_name_plural = _("督查")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{cn_date(self.date)} {self.place}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, verbose_name=_("督查"), related_name="photos", on_delete=models.CASCADE)
    file = models.FileField(_("照片"), upload_to=upload_to, validators=[validate_image])
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    scope = ScopeSpec(region="inspection__region")

    class Meta:
        verbose_name = _("督查照片")
        verbose_name_plural = _("督查照片")

    def __str__(self):
        return self.caption or str(self.pk)


class Rectification(models.Model):
    """整改事项 for one unit: answered by its liaison with evidence, closed by staff."""

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        ANSWERED = "answered", _("已反馈")
        CLOSED = "closed", _("已销号")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查"), related_name="rectifications", on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("整改单位"), related_name="rectifications", on_delete=models.PROTECT
    )
    issue = models.TextField(_("问题描述"))
    requirement = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改时限"), db_index=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, protected=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    staff_comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="unit__region", unit="unit")

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["deadline", "pk"]

    def __str__(self):
        return f"{self.unit}：{self.issue[:30]}"

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline < timezone.localdate()

    def _is_liaison(self, user) -> bool:
        return self.unit.liaisons.filter(pk=user.pk).exists()

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.ANSWERED,
        permission=lambda instance, user: instance._is_liaison(user),
    )
    def answer(self, *, by=None, comment=""):
        pass

    @transition(field=status, source=Status.ANSWERED, target=Status.CLOSED, permission="campaigns.change_rectification")
    def close(self, *, by=None, comment=""):
        self.closed_by, self.closed_at, self.staff_comment = by, timezone.now(), comment

    @transition(field=status, source=Status.ANSWERED, target=Status.OPEN, permission="campaigns.change_rectification")
    def reopen(self, *, by=None, comment=""):
        self.staff_comment = comment


class RectificationResponse(models.Model):
    """整改反馈: what the unit did, with an optional file (photo or document)."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("整改事项"), related_name="responses", on_delete=models.CASCADE
    )
    text = models.TextField(_("整改情况"))
    file = models.FileField(_("佐证文件"), upload_to=upload_to, validators=[validate_document], blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("反馈人"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("反馈时间"), default=timezone.now)

    scope = ScopeSpec(region="rectification__unit__region", unit="rectification__unit")

    class Meta:
        verbose_name = _("整改反馈")
        verbose_name_plural = _("整改反馈")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:30]
