from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.files import upload_to, validate_image
from core.scoping import ScopeSpec, staff_covers

from .applications import Level


class TitleStatus(models.TextChoices):
    ACTIVE = "在届", _("在届")
    PASSED = "复查通过", _("复查通过")
    WARNED = "限期整改", _("限期整改")
    REVOKED = "撤销", _("撤销")
    EXPIRED = "期满", _("期满")


IN_TERM = (TitleStatus.ACTIVE, TitleStatus.PASSED, TitleStatus.WARNED)


def _staff(title, user):
    return staff_covers(user, title.unit.region)


class Title(models.Model):
    """文明称号 held by a unit. Naming creates it or renews it (history keeps the past)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("单位"), related_name="titles", on_delete=models.PROTECT)
    category = models.ForeignKey("titles.TitleCategory", verbose_name=_("称号类别"), on_delete=models.PROTECT)
    level = models.CharField(_("级别"), max_length=8, choices=Level.choices, db_index=True)
    conferred_year = models.PositiveSmallIntegerField(_("命名年度"), db_index=True)
    doc_number = models.CharField(_("命名文件文号"), max_length=100)
    term_years = models.PositiveSmallIntegerField(_("届期（年）"), default=3)
    term_end_year = models.PositiveSmallIntegerField(_("届满年度"), db_index=True)
    status = FSMField(_("状态"), max_length=8, choices=TitleStatus.choices, default=TitleStatus.ACTIVE, db_index=True)
    latest_score = models.DecimalField(_("最近得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    rectify_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    application = models.ForeignKey(
        "titles.TitleApplication", verbose_name=_("命名依据申报"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    scope = ScopeSpec(unit="unit")

    class Meta:
        verbose_name = _("文明称号")
        verbose_name_plural = _("文明称号")
        ordering = ["-conferred_year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "category", "level"], name="titles_title_unique")]

    def __str__(self):
        return f"{self.unit.name} · {self.level}{self.category.name}"

    @transition(status, source="*", target=TitleStatus.ACTIVE, permission=_staff)
    def confer(self, *, by, comment=""):
        self.rectify_deadline = None

    @transition(status, source=list(IN_TERM), target=TitleStatus.PASSED, permission=_staff)
    def keep(self, *, by, comment=""):
        self.rectify_deadline = None

    @transition(status, source=list(IN_TERM), target=TitleStatus.WARNED, permission=_staff)
    def warn(self, *, by, comment=""):
        pass

    @transition(status, source=list(IN_TERM), target=TitleStatus.REVOKED, permission=_staff)
    def revoke(self, *, by, comment=""):
        self.rectify_deadline = None

    @transition(status, source=list(IN_TERM), target=TitleStatus.EXPIRED, permission=_staff)
    def expire(self, *, by, comment=""):
        pass


class ReExamination(models.Model):
    class Outcome(models.TextChoices):
        KEEP = "保留", _("保留")
        RECTIFY = "限期整改", _("限期整改")
        REVOKE = "撤销", _("撤销")

    title = models.ForeignKey(Title, verbose_name=_("称号"), related_name="reexaminations", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("复查年度"), db_index=True)
    examined_on = models.DateField(_("复查日期"))
    score = models.DecimalField(_("复查得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("复查结论"), max_length=8, choices=Outcome.choices)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    reason = models.TextField(_("情况说明/撤销理由"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    history = HistoricalRecords()

    scope = ScopeSpec(unit="title__unit")

    class Meta:
        verbose_name = _("复查记录")
        verbose_name_plural = _("复查记录")
        ordering = ["-examined_on"]

    def __str__(self):
        return f"{self.title} {self.year} {self.outcome}"


class Pairing(models.Model):
    """结对帮扶/结对共建: a civilized unit paired with a village or community."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("文明单位"), related_name="pairings", on_delete=models.PROTECT
    )
    partner = models.ForeignKey(
        "units.Unit", verbose_name=_("结对村（社区）"), related_name="paired_with", on_delete=models.PROTECT
    )
    started_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    goals = models.TextField(_("帮扶内容"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    history = HistoricalRecords()

    scope = ScopeSpec(unit="unit")

    class Meta:
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        ordering = ["-started_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "partner", "started_on"], name="titles_pairing_unique")]

    def __str__(self):
        return f"{self.unit.name} ↔ {self.partner.name}"


class PairingRecord(models.Model):
    pairing = models.ForeignKey(Pairing, verbose_name=_("结对"), related_name="records", on_delete=models.CASCADE)
    date = models.DateField(_("日期"), db_index=True)
    content = models.TextField(_("开展情况"))
    people = models.PositiveIntegerField(_("参与人次"), default=0)
    photo = models.FileField(_("照片"), upload_to=upload_to, validators=[validate_image], blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    history = HistoricalRecords()

    scope = ScopeSpec(unit="pairing__unit")

    class Meta:
        verbose_name = _("结对活动记录")
        verbose_name_plural = _("结对活动记录")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.content[:20]}"
