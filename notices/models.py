"""Reminder notices (DESIGN.md §5): what was sent to whom, so that nothing is sent twice.

- `ReminderDelivery`: one row per (user, item key, stage) — the unique constraint is
  the "never the same notice twice" guarantee, whoever inserts it first wins.
- `ReminderDigest`: one row per (user, day) — the one mail and in-app notice a person
  gets that day; its status (pending → sending → sent) is claimed by an atomic UPDATE,
  so two workers never send the same digest and a claim left by a killed worker is
  taken over once it is stale.
- `Notice`: the in-app message (read/unread) a digest produces.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.scoping import ScopeSpec

OWN = {role: "user" for role in Role.ALL}


class ReminderPolicy(models.Model):
    """The one set of reminder rules, editable by office staff in the admin."""

    upcoming_days = models.CharField(
        _("提前提醒天数"), max_length=40, default="7,1", help_text=_("到期前第几天提醒，用逗号分隔，如 7,1")
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("逾期几天后督办"), default=3, help_text=_("逾期达到该天数仍未办结的，抄送所属区划文明办工作人员")
    )
    claim_timeout_minutes = models.PositiveSmallIntegerField(
        _("发送超时（分钟）"), default=30, help_text=_("发送中断的提醒在该时间后由下一次扫描补发")
    )

    class Meta:
        verbose_name = _("提醒规则")
        verbose_name_plural = _("提醒规则")

    def __str__(self):
        return str(_("提醒规则"))

    @classmethod
    def current(cls) -> "ReminderPolicy":
        return cls.objects.order_by("pk").first() or cls()

    def upcoming(self) -> list[int]:
        days = set()
        for part in self.upcoming_days.replace("，", ",").split(","):
            part = part.strip()
            if part.isdigit() and int(part) > 0:
                days.add(int(part))
        return sorted(days, reverse=True)


class Stage(models.TextChoices):
    UPCOMING = "upcoming", _("即将到期")
    DUE = "due", _("今日到期")
    OVERDUE = "overdue", _("已逾期")
    ESCALATED = "escalated", _("逾期督办")


def stage_code(stage: str, days: int | None = None) -> str:
    return f"{stage}:{days}" if stage == Stage.UPCOMING else stage


class ReminderRun(models.Model):
    """One run of the daily scan: when, for which day, what it did (the job's status row)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("运行中")
        SUCCESS = "success", _("已完成")
        FAILED = "failed", _("失败")

    date = models.DateField(_("提醒日期"), db_index=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    items = models.PositiveIntegerField(_("扫描事项数"), default=0)
    reminders = models.PositiveIntegerField(_("发出提醒条数"), default=0)
    digests_sent = models.PositiveIntegerField(_("发出汇总数"), default=0)
    mails_sent = models.PositiveIntegerField(_("发出邮件数"), default=0)
    message = models.CharField(_("信息"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("提醒扫描记录")
        verbose_name_plural = _("提醒扫描记录")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.date} {self.get_status_display()}"


class ReminderDigest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        EMPTY = "empty", _("无新事项")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE)
    date = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    claim_token = models.CharField(_("领取标识"), max_length=32, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    item_count = models.PositiveIntegerField(_("事项数"), default=0)
    emailed = models.BooleanField(_("已发邮件"), default=False)
    error = models.CharField(_("错误"), max_length=500, blank=True)

    scope = ScopeSpec(users=OWN)

    class Meta:
        verbose_name = _("每日提醒汇总")
        verbose_name_plural = _("每日提醒汇总")
        ordering = ["-date", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="notices_one_digest_per_user_day")]

    def __str__(self):
        return f"{self.user} {self.date}"


class ReminderDelivery(models.Model):
    """A reminder for one item at one stage to one person, claimed before it is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE)
    item_key = models.CharField(_("事项标识"), max_length=120)
    stage = models.CharField(_("提醒阶段"), max_length=20)
    kind = models.CharField(_("事项类型"), max_length=32)
    title = models.CharField(_("事项"), max_length=255)
    url = models.CharField(_("办理地址"), max_length=255, blank=True)
    due_date = models.DateField(_("截止日期"))
    region_id_value = models.BigIntegerField(_("区划"), null=True, blank=True)
    digest = models.ForeignKey(
        ReminderDigest,
        verbose_name=_("所属汇总"),
        null=True,
        blank=True,
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = ScopeSpec(users=OWN)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "item_key", "stage"], name="notices_one_reminder_per_stage")
        ]

    def __str__(self):
        return f"{self.title}（{self.stage_label}）"

    @property
    def stage_base(self) -> str:
        return self.stage.split(":", 1)[0]

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage_base).label)


class Notice(models.Model):
    """An in-app message for one person (read/unread)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), related_name="notices", on_delete=models.CASCADE
    )
    digest = models.OneToOneField(
        ReminderDigest,
        verbose_name=_("提醒汇总"),
        null=True,
        blank=True,
        related_name="notice",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    scope = ScopeSpec(users=OWN)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notices_user_unread")]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
