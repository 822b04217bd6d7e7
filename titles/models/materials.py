from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.files import upload_to, validate_document
from core.scoping import ScopeSpec, staff_covers, unit_worker


class MaterialRequirement(models.Model):
    """年度材料 an office requires of the units in its region for a year."""

    region = models.ForeignKey("units.Region", verbose_name=_("要求单位（区划）"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    name = models.CharField(_("材料名称"), max_length=100)
    unit_kinds = models.JSONField(_("适用单位类型"), default=list, blank=True, help_text=_("留空表示全部单位类型"))
    due_date = models.DateField(_("截止日期"))
    notes = models.TextField(_("要求说明"), blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("年度材料要求")
        verbose_name_plural = _("年度材料要求")
        ordering = ["-year", "due_date", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "name"], name="titles_requirement_unique")]

    def __str__(self):
        return f"{self.year}年度 {self.name}"

    def applies_to(self, unit) -> bool:
        return unit.region.code.startswith(self.region.code) and (not self.unit_kinds or unit.kind in self.unit_kinds)


class MaterialStatus(models.TextChoices):
    SUBMITTED = "待审核", _("待审核")
    ACCEPTED = "已通过", _("已通过")
    RETURNED = "已退回", _("已退回")


def _staff(sub, user):
    return staff_covers(user, sub.unit.region)


def _unit_side(sub, user):
    return unit_worker(user, sub.unit)


class MaterialSubmission(models.Model):
    requirement = models.ForeignKey(
        MaterialRequirement, verbose_name=_("材料要求"), related_name="submissions", on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("单位"), related_name="material_submissions", on_delete=models.PROTECT
    )
    file = models.FileField(_("文件"), upload_to=upload_to, validators=[validate_document])
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = FSMField(
        _("状态"), max_length=8, choices=MaterialStatus.choices, default=MaterialStatus.SUBMITTED, db_index=True
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("上传时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(unit="unit")

    class Meta:
        verbose_name = _("年度材料提交")
        verbose_name_plural = _("年度材料提交")
        ordering = ["-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["requirement", "unit"], name="titles_submission_unique")]

    def __str__(self):
        return f"{self.unit.name} · {self.requirement.name}"

    @transition(
        status,
        source=[MaterialStatus.SUBMITTED, MaterialStatus.RETURNED],
        target=MaterialStatus.SUBMITTED,
        permission=_unit_side,
    )
    def resubmit(self, *, by, comment=""):
        self.review_comment = ""

    @transition(status, source=MaterialStatus.SUBMITTED, target=MaterialStatus.ACCEPTED, permission=_staff)
    def accept(self, *, by, comment=""):
        self.review_comment = comment

    @transition(status, source=MaterialStatus.SUBMITTED, target=MaterialStatus.RETURNED, permission=_staff)
    def return_for_changes(self, *, by, comment=""):
        self.review_comment = comment
