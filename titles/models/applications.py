import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.files import upload_to, validate_document
from core.roles import Role
from core.scoping import ScopeSpec, staff_covers, unit_worker


class Level(models.TextChoices):
    NATIONAL = "全国", _("全国")
    PROVINCE = "省级", _("省级")
    CITY = "市级", _("市级")
    COUNTY = "县级", _("县级")


def _march_31():
    return dt.date(dt.date.today().year, 3, 31)


class CultivationRound(models.Model):
    """培育对象推荐: 年初推荐 — units recommended early in the year (default by 3月31日)."""

    region = models.ForeignKey("units.Region", verbose_name=_("组织单位（区划）"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    deadline = models.DateField(_("推荐截止日期"), default=_march_31)
    notes = models.TextField(_("说明"), blank=True)
    is_open = models.BooleanField(_("接受推荐"), default=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("培育对象推荐批次")
        verbose_name_plural = _("培育对象推荐批次")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="titles_round_unique_year")]

    def __str__(self):
        return _("%(year)d年度文明单位培育对象推荐（%(region)s）") % {"year": self.year, "region": self.region}


class CultivationRecommendation(models.Model):
    round = models.ForeignKey(
        CultivationRound, verbose_name=_("推荐批次"), related_name="recommendations", on_delete=models.CASCADE
    )
    unit = models.ForeignKey("units.Unit", verbose_name=_("单位"), on_delete=models.PROTECT)
    category = models.ForeignKey("titles.TitleCategory", verbose_name=_("拟创建称号"), on_delete=models.PROTECT)
    reason = models.TextField(_("推荐理由"), blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("推荐人"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)
    history = HistoricalRecords()

    scope = ScopeSpec(unit="unit")

    class Meta:
        verbose_name = _("培育对象")
        verbose_name_plural = _("培育对象")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "category"], name="titles_recommendation_unique")
        ]

    def __str__(self):
        return f"{self.unit} · {self.category}"


class AppStatus(models.TextChoices):
    DRAFT = "草稿", _("草稿")
    SUBMITTED = "已提交", _("已提交")
    RETURNED = "退回", _("退回")
    ASSESSING = "考评中", _("考评中")
    CONSULTING = "征求意见", _("征求意见")
    PUBLICITY = "公示中", _("公示中")
    NAMED = "已命名", _("已命名")
    REJECTED = "未通过", _("未通过")


def _staff(app, user):
    return staff_covers(user, app.unit.region)


def _unit_side(app, user):
    return unit_worker(user, app.unit)


class TitleApplication(models.Model):
    """申报: one per unit, category, level and year. States and who moves them are the
    transitions below; services run them through core.workflow.run_transition."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("申报单位"), related_name="title_applications", on_delete=models.PROTECT
    )
    category = models.ForeignKey("titles.TitleCategory", verbose_name=_("称号类别"), on_delete=models.PROTECT)
    level = models.CharField(_("级别"), max_length=8, choices=Level.choices, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    system = models.ForeignKey(
        "titles.EvaluationSystem", verbose_name=_("测评体系"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = FSMField(_("状态"), max_length=8, choices=AppStatus.choices, default=AppStatus.DRAFT, db_index=True)
    summary = models.TextField(_("创建工作简述"), blank=True)
    revision = models.PositiveSmallIntegerField(_("当前版本"), default=0)
    return_reason = models.TextField(_("退回原因"), blank=True)
    outcome_reason = models.TextField(_("未通过原因"), blank=True)
    publicity = models.ForeignKey(
        "titles.PublicityBatch",
        verbose_name=_("公示批次"),
        null=True,
        blank=True,
        related_name="applications",
        on_delete=models.PROTECT,
    )
    average_score = models.DecimalField(_("平均得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    scope = ScopeSpec(unit="unit", users={Role.REVIEWER: "assignments__reviewer"}, distinct=True)

    class Meta:
        verbose_name = _("称号申报")
        verbose_name_plural = _("称号申报")
        ordering = ["-year", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "category", "level", "year"], name="titles_one_application_per_year"
            )
        ]

    def __str__(self):
        return _("%(unit)s %(year)d年度%(level)s%(category)s申报") % {
            "unit": self.unit.name,
            "year": self.year,
            "level": self.level,
            "category": self.category.name,
        }

    @property
    def editable(self) -> bool:
        return self.status in (AppStatus.DRAFT, AppStatus.RETURNED)

    # Transitions ---------------------------------------------------------------------
    @transition(status, source=[AppStatus.DRAFT, AppStatus.RETURNED], target=AppStatus.SUBMITTED, permission=_unit_side)
    def submit(self, *, by, comment=""):
        self.return_reason = ""

    @transition(status, source=[AppStatus.SUBMITTED, AppStatus.ASSESSING], target=AppStatus.RETURNED, permission=_staff)
    def return_for_changes(self, *, by, comment=""):
        self.return_reason = comment

    @transition(status, source=AppStatus.SUBMITTED, target=AppStatus.ASSESSING, permission=_staff)
    def start_assessment(self, *, by, comment=""):
        pass

    @transition(status, source=AppStatus.ASSESSING, target=AppStatus.CONSULTING, permission=_staff)
    def start_consultation(self, *, by, comment=""):
        pass

    @transition(status, source=AppStatus.CONSULTING, target=AppStatus.REJECTED, permission=_staff)
    def veto(self, *, by, comment=""):
        self.outcome_reason = comment

    @transition(status, source=AppStatus.CONSULTING, target=AppStatus.PUBLICITY, permission=_staff)
    def start_publicity(self, *, by, comment=""):
        pass

    @transition(status, source=AppStatus.PUBLICITY, target=AppStatus.NAMED, permission=_staff)
    def name(self, *, by, comment=""):
        pass

    @transition(
        status,
        source=[AppStatus.SUBMITTED, AppStatus.ASSESSING, AppStatus.CONSULTING, AppStatus.PUBLICITY],
        target=AppStatus.REJECTED,
        permission=_staff,
    )
    def reject(self, *, by, comment=""):
        self.outcome_reason = comment


class SelfAssessmentItem(models.Model):
    """The working copy of the self-assessment; each submission snapshots it."""

    application = models.ForeignKey(TitleApplication, related_name="items", on_delete=models.CASCADE)
    criterion = models.ForeignKey("titles.Criterion", verbose_name=_("测评项目"), on_delete=models.PROTECT)
    claimed_points = models.DecimalField(_("自评得分"), max_digits=6, decimal_places=1, default=0)
    description = models.TextField(_("工作情况说明"), blank=True)

    scope = ScopeSpec(
        unit="application__unit", users={Role.REVIEWER: "application__assignments__reviewer"}, distinct=True
    )

    class Meta:
        verbose_name = _("自评项目")
        verbose_name_plural = _("自评项目")
        ordering = ["criterion__order", "criterion__code"]
        constraints = [models.UniqueConstraint(fields=["application", "criterion"], name="titles_item_unique")]


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(TitleApplication, related_name="attachments", on_delete=models.CASCADE)
    name = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=upload_to, validators=[validate_document])
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    removed = models.BooleanField(_("已移除"), default=False)

    scope = ScopeSpec(
        unit="application__unit", users={Role.REVIEWER: "application__assignments__reviewer"}, distinct=True
    )

    class Meta:
        verbose_name = _("申报附件")
        verbose_name_plural = _("申报附件")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class ApplicationRevision(models.Model):
    """A submitted version: the self-assessment items and attachments as submitted."""

    application = models.ForeignKey(TitleApplication, related_name="revisions", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("版本号"))
    snapshot = models.JSONField(_("内容"), default=dict)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    scope = ScopeSpec(
        unit="application__unit", users={Role.REVIEWER: "application__assignments__reviewer"}, distinct=True
    )

    class Meta:
        verbose_name = _("申报版本")
        verbose_name_plural = _("申报版本")
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="titles_revision_unique")]

    def __str__(self):
        return _("第%(n)d版") % {"n": self.number}


class ReviewAssignment(models.Model):
    application = models.ForeignKey(TitleApplication, related_name="assignments", on_delete=models.CASCADE)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评审专家"), related_name="title_reviews", on_delete=models.PROTECT
    )
    revision = models.ForeignKey(
        ApplicationRevision, verbose_name=_("评分所依据版本"), null=True, blank=True, on_delete=models.PROTECT
    )
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    submitted_at = models.DateTimeField(_("评分提交时间"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="application__unit__region", users={Role.REVIEWER: "reviewer"})

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["assigned_at"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="titles_assignment_unique")]

    def __str__(self):
        return f"{self.application} · {self.reviewer}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(ReviewAssignment, related_name="scores", on_delete=models.CASCADE)
    criterion = models.ForeignKey("titles.Criterion", verbose_name=_("测评项目"), on_delete=models.PROTECT)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=1)
    note = models.CharField(_("扣分说明"), max_length=200, blank=True)

    scope = ScopeSpec(region="assignment__application__unit__region", users={Role.REVIEWER: "assignment__reviewer"})

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="titles_score_unique")]


class Consultation(models.Model):
    """征求意见: one department's answer; one 否决 stops the application."""

    class Answer(models.TextChoices):
        PENDING = "待答复", _("待答复")
        AGREE = "同意", _("同意")
        VETO = "否决", _("否决")

    DEFAULT_DEPARTMENTS = ("纪检监察", "政法（综治）", "生态环境", "卫生健康", "市场监管")

    application = models.ForeignKey(TitleApplication, related_name="consultations", on_delete=models.CASCADE)
    department = models.CharField(_("征求意见部门"), max_length=32)
    answer = models.CharField(_("意见"), max_length=8, choices=Answer.choices, default=Answer.PENDING)
    reason = models.TextField(_("理由"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    history = HistoricalRecords()

    scope = ScopeSpec(region="application__unit__region")

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["application", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "department"], name="titles_consult_unique")]

    def __str__(self):
        return f"{self.department}：{self.get_answer_display()}"


class PublicityBatch(models.Model):
    """公示: a list of applications made public for a number of (working) days."""

    region = models.ForeignKey("units.Region", verbose_name=_("公示单位（区划）"), on_delete=models.PROTECT)
    title = models.CharField(_("公示标题"), max_length=200)
    start_date = models.DateField(_("公示开始日期"))
    days = models.PositiveSmallIntegerField(_("公示天数"), default=5)
    working_days = models.BooleanField(_("按工作日计算"), default=True)
    end_date = models.DateField(_("公示截止日期"), editable=False)
    how_to_object = models.TextField(_("异议受理方式"), help_text=_("如：受理电话、电子邮箱、来信地址；实名反映。"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-start_date"]

    def __str__(self):
        return self.title

    def is_running(self, today: dt.date) -> bool:
        return self.start_date <= today <= self.end_date


class Objection(models.Model):
    """异议 received during publicity, and how it was resolved."""

    publicity = models.ForeignKey(
        PublicityBatch, verbose_name=_("公示"), related_name="objections", on_delete=models.PROTECT
    )
    application = models.ForeignKey(
        TitleApplication, verbose_name=_("被反映申报"), related_name="objections", on_delete=models.PROTECT
    )
    received_on = models.DateField(_("受理日期"))
    content = models.TextField(_("反映内容"))
    source = models.CharField(_("反映人/渠道"), max_length=100, blank=True)
    resolution = models.TextField(_("核查处理结果"), blank=True)
    upheld = models.BooleanField(_("反映属实"), null=True, blank=True)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    scope = ScopeSpec(region="application__unit__region")

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-received_on"]

    def __str__(self):
        return _("对%(unit)s的异议") % {"unit": self.application.unit.name}

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
