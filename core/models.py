from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .files import upload_to
from .roles import Role
from .scoping import ScopeSpec


class StateLog(models.Model):
    """One row per workflow transition of any object: who, when, from, to, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("操作"), max_length=64)
    source = models.CharField(_("原状态"), max_length=32)
    target = models.CharField(_("新状态"), max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("说明"), blank=True)

    # Audit rows are seen by who acted and by the offices above them (region of the
    # acting user's profile); rows without a user (public submissions) by superusers.
    scope = ScopeSpec(region="by__profile__region", users={Role.STAFF: "by"})

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.transition}: {self.source} → {self.target}"


class PersonalDataLog(models.Model):
    ACTIONS = [("reveal", _("查看明文")), ("export", _("导出"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), null=True, on_delete=models.SET_NULL)
    action = models.CharField(_("操作"), max_length=16, choices=ACTIONS)
    target = models.CharField(_("对象"), max_length=200)
    count = models.PositiveIntegerField(_("记录数"), default=1)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    scope = ScopeSpec(region="user__profile__region", users={Role.STAFF: "user"})

    class Meta:
        verbose_name = _("个人信息访问日志")
        verbose_name_plural = _("个人信息访问日志")
        ordering = ["-at"]
        permissions = [("reveal_personal_data", _("可查看身份证号、手机号明文"))]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.target}"


class CalendarOverride(models.Model):
    """A day whose working/holiday status staff set by hand, over the library's calendar."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"


class CalendarYear(models.Model):
    """A year whose statutory holidays and adjusted workdays staff have entered in full as
    CalendarOverride rows. Working days are computed only for years that the
    chinesecalendar library knows or that have such a row (core.workdays)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如：国务院办公厅通知文号"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}"


class FloodHit(models.Model):
    """One counted public submission, written only while the cache is unreachable
    (core.flood counts in the database instead)."""

    key = models.CharField(max_length=200)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]


class JobRun(models.Model):
    """A background job as the user sees it: status, progress, result, output file.

    The row is also the job's outbox: it is written as 待执行 in the caller's transaction
    and marked 排队中 once the message is with the broker (core.jobs). `attempt` counts
    the times a worker claimed it; a worker writes only while the row still carries its
    attempt, so a cancelled or reaped job's old worker stops at its next progress call."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待执行")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        SUCCESS = "success", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    ACTIVE = (Status.PENDING, Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.SUCCESS, Status.FAILED, Status.CANCELLED)

    kind = models.CharField(_("任务类型"), max_length=64, db_index=True)
    label = models.CharField(_("任务名称"), max_length=200)
    task_name = models.CharField(_("执行程序"), max_length=200, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    message = models.CharField(_("信息"), max_length=500, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    output = models.FileField(_("结果文件"), upload_to=upload_to, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    region = models.ForeignKey("units.Region", verbose_name=_("区划"), null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("送入队列时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    attempt = models.PositiveIntegerField(_("执行次数"), default=0)
    requeues = models.PositiveSmallIntegerField(_("自动重新执行次数"), default=0)
    worker = models.CharField(_("执行进程"), max_length=200, blank=True)

    scope = ScopeSpec(region="region", users={Role.STAFF: "requested_by"})

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_jobrun_status_beat")]

    def __str__(self):
        return f"{self.label}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class ImportLog(models.Model):
    """Every confirmed or rejected import: who, what file (hash), how many rows, result."""

    kind = models.CharField(_("导入类型"), max_length=64, db_index=True)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件SHA-256"), max_length=64, db_index=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    ok = models.BooleanField(_("成功"), default=False)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    scope = ScopeSpec(region="user__profile__region", users={Role.STAFF: "user"})

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.kind} {self.file_name}"
