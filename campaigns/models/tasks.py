from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.files import upload_to, validate_document
from core.scoping import ScopeSpec


class TaskStatus(models.TextChoices):
    """Status of one unit's part of a task. Never stored: derived from the unit's latest
    evidence and the deadline by `campaigns.selectors.tasks.with_status`."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("退回")
    OVERDUE = "overdue", _("逾期")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    CO = "co", _("责任单位")


class Task(models.Model):
    """任务分解: one indicator (测评标准) given to a lead unit and co-responsible units."""

    indicator = models.OneToOneField(
        "campaigns.Indicator", verbose_name=_("测评指标"), related_name="task", on_delete=models.PROTECT
    )
    deadline = models.DateField(_("完成时限"), db_index=True)
    note = models.TextField(_("工作要求"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="indicator__framework__campaign__region", unit="assignments__unit", distinct=True)

    class Meta:
        verbose_name = _("任务分解")
        verbose_name_plural = _("任务分解")
        ordering = ["indicator__framework", "indicator__sort_key"]

    def __str__(self):
        return str(self.indicator)


class TaskAssignment(models.Model):
    """One unit's part of a task; each unit submits its own evidence."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), related_name="assignments", on_delete=models.CASCADE)
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("责任单位"), related_name="campaign_assignments", on_delete=models.PROTECT
    )
    role = models.CharField(_("职责"), max_length=8, choices=AssignmentRole.choices, default=AssignmentRole.CO)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="unit__region", unit="unit")

    class Meta:
        verbose_name = _("单位任务")
        verbose_name_plural = _("单位任务")
        ordering = ["task__deadline", "task__indicator__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique_unit"),
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(role="lead"), name="assignment_one_lead_per_task"
            ),
        ]

    def __str__(self):
        return f"{self.task.indicator.code} {self.unit}"


def _is_unit_liaison(instance, user) -> bool:
    return instance.assignment.unit.liaisons.filter(pk=user.pk).exists()


class Evidence(models.Model):
    """佐证材料: one submission of a unit for its task. A resubmission after 退回 is a
    new row, so what was returned and why stays visible."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        ACCEPTED = "accepted", _("已通过")
        RETURNED = "returned", _("已退回")

    assignment = models.ForeignKey(
        TaskAssignment, verbose_name=_("单位任务"), related_name="evidence", on_delete=models.CASCADE
    )
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    text = models.TextField(_("情况说明"), blank=True)
    links = models.TextField(_("相关链接"), blank=True, help_text=_("每行一个网址"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("填报时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="assignment__unit__region", unit="assignment__unit")

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_evidence", _("可审核佐证材料"))]
        indexes = [models.Index(fields=["assignment", "-created_at"])]

    def __str__(self):
        return _("%(task)s 的佐证材料") % {"task": self.assignment}

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED, permission=_is_unit_liaison)
    def submit(self, *, by=None, comment=""):
        self.submitted_at = timezone.now()

    @transition(field=status, source=Status.SUBMITTED, target=Status.ACCEPTED, permission="campaigns.review_evidence")
    def accept(self, *, by=None, comment=""):
        self.reviewed_by, self.reviewed_at, self.review_comment = by, timezone.now(), comment

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED, permission="campaigns.review_evidence")
    def return_(self, *, by=None, comment=""):
        self.reviewed_by, self.reviewed_at, self.review_comment = by, timezone.now(), comment


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(Evidence, verbose_name=_("佐证材料"), related_name="files", on_delete=models.CASCADE)
    file = models.FileField(_("文件"), upload_to=upload_to, validators=[validate_document])
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = ScopeSpec(region="evidence__assignment__unit__region", unit="evidence__assignment__unit")

    class Meta:
        verbose_name = _("佐证文件")
        verbose_name_plural = _("佐证文件")
        ordering = ["pk"]

    def __str__(self):
        return self.name
