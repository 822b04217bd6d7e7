"""先进典型: selection rounds, nominations and their review, the exemplar database and
care visits (DESIGN.md §4, second half)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.files import upload_to, validate_document, validate_image
from core.roles import Role
from core.scoping import ScopeSpec, covers

MORAL_MODEL_CATEGORIES = ["助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲"]


class RoundKind(models.TextChoices):
    GOOD_PEOPLE = "身边好人", _("身边好人")
    MORAL_MODEL = "道德模范", _("道德模范")
    VIRTUOUS_YOUTH = "美德少年", _("美德少年")
    MOST_BEAUTIFUL_FAMILY = "最美家庭", _("最美家庭")
    MOST_BEAUTIFUL_VOLUNTEER = "最美志愿者", _("最美志愿者")
    OTHER = "其他", _("其他")


DEFAULT_CATEGORIES = {
    RoundKind.GOOD_PEOPLE: MORAL_MODEL_CATEGORIES,
    RoundKind.MORAL_MODEL: MORAL_MODEL_CATEGORIES,
    RoundKind.VIRTUOUS_YOUTH: ["自强不息", "孝老爱亲", "助人为乐", "诚实守信", "勤学上进"],
    RoundKind.MOST_BEAUTIFUL_FAMILY: ["孝老爱亲", "勤俭持家", "邻里互助", "绿色环保"],
    RoundKind.MOST_BEAUTIFUL_VOLUNTEER: ["志愿服务"],
    RoundKind.OTHER: ["综合"],
}


class HonourLevel(models.TextChoices):
    NATIONAL = "中国好人榜", _("中国好人榜")
    PROVINCE = "省级", _("省级")
    CITY = "市级", _("市级")
    COUNTY = "县级", _("县级")
    DISTRICT = "区级", _("区级")


class Sex(models.TextChoices):
    MALE = "男", _("男")
    FEMALE = "女", _("女")


class SelectionRound(models.Model):
    """评选轮次: the selection side of a campaign of kind 评选."""

    class Stage(models.TextChoices):
        NOMINATING = "nominating", _("征集推荐")
        REVIEWING = "reviewing", _("初审评审")
        PUBLICITY = "publicity", _("公示")
        CLOSED = "closed", _("已表彰")

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("评选活动"), related_name="selection_round", on_delete=models.PROTECT
    )
    kind = models.CharField(_("评选类型"), max_length=16, choices=RoundKind.choices)
    categories = models.JSONField(_("评选类别"), default=list)
    nomination_start = models.DateField(_("推荐开始日期"))
    nomination_end = models.DateField(_("推荐截止日期"))
    places = models.PositiveSmallIntegerField(_("名额"), default=10)
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=7)
    publicity_working_days = models.BooleanField(_("按工作日计算公示期"), default=False)
    public_nomination = models.BooleanField(_("接受群众推荐"), default=True)
    public_voting = models.BooleanField(_("开启网络投票"), default=False)
    honour_level = models.CharField(_("表彰级别"), max_length=8, choices=HonourLevel.choices)
    honour_title = models.CharField(
        _("荣誉称号"), max_length=60, blank=True, help_text=_("如“商丘好人”，空则用评选类型")
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.NOMINATING, db_index=True)
    contact = models.CharField(_("公示联系方式"), max_length=120, blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="campaign__region")

    class Meta:
        verbose_name = _("评选轮次")
        verbose_name_plural = _("评选轮次")
        ordering = ["-campaign__year", "-nomination_start"]

    def __str__(self):
        return self.campaign.name

    @property
    def name(self) -> str:
        return self.campaign.name

    @property
    def year(self) -> int:
        return self.campaign.year

    @property
    def title_text(self) -> str:
        return self.honour_title or self.kind

    def nomination_open_on(self, day) -> bool:
        return self.stage == self.Stage.NOMINATING and self.nomination_start <= day <= self.nomination_end


class NominationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待初审")
    REJECTED = "rejected", _("初审未通过")
    MERGED = "merged", _("已合并")
    REVIEWING = "reviewing", _("评审中")
    PUBLICITY = "publicity", _("公示中")
    COMMENDED = "commended", _("已表彰")
    NOT_SELECTED = "not_selected", _("未入选")


class NominationSource(models.TextChoices):
    UNIT = "unit", _("单位推荐")
    PUBLIC = "public", _("群众推荐")
    OFFICE = "office", _("文明办录入")


SCREEN_PERMISSION = "exemplars.screen_nomination"
COMMEND_PERMISSION = "exemplars.commend_nomination"


def _may_screen(instance, user) -> bool:
    """Office staff holding the permission whose region contains the nominee's."""
    return user.has_perm(SCREEN_PERMISSION) and covers(user, instance.region)


def _may_decide(instance, user) -> bool:
    """Publicity, 未入选 and the final list belong to the office that runs the round."""
    return user.has_perm(SCREEN_PERMISSION) and covers(user, instance.round.campaign.region)


def _may_commend(instance, user) -> bool:
    return user.has_perm(COMMEND_PERMISSION) and covers(user, instance.round.campaign.region)


class Nomination(models.Model):
    """推荐: one person (or family) nominated in one round."""

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("评选轮次"), related_name="nominations", on_delete=models.PROTECT
    )
    category = models.CharField(_("类别"), max_length=16, db_index=True)
    nominee_name = models.CharField(_("被推荐人姓名"), max_length=32, db_index=True)
    sex = models.CharField(_("性别"), max_length=2, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("年龄"), null=True, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, db_index=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    unit_or_address = models.CharField(_("工作单位或住址"), max_length=120)
    region = models.ForeignKey("units.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT)
    deeds = models.TextField(_("主要事迹"))
    deeds_summary = models.CharField(_("简要事迹"), max_length=200, blank=True, help_text=_("公示用，200字以内"))
    source = models.CharField(_("推荐来源"), max_length=8, choices=NominationSource.choices, db_index=True)
    nominator_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("推荐单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    nominator_name = models.CharField(_("推荐人"), max_length=32, blank=True)
    nominator_phone = models.CharField(_("推荐人电话"), max_length=20, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_ip = models.GenericIPAddressField(_("提交IP"), null=True, blank=True)
    status = FSMField(_("状态"), default=NominationStatus.SUBMITTED, choices=NominationStatus.choices, db_index=True)
    reject_reason = models.TextField(_("未通过原因"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并到"),
        null=True,
        blank=True,
        related_name="merged_duplicates",
        on_delete=models.PROTECT,
    )
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    exemplar = models.ForeignKey(
        "Exemplar",
        verbose_name=_("先进典型"),
        null=True,
        blank=True,
        related_name="nominations",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("推荐时间"), auto_now_add=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="region", unit="nominator_unit", users={Role.REVIEWER: "assignments__reviewer"})

    class Meta:
        verbose_name = _("推荐人选")
        verbose_name_plural = _("推荐人选")
        ordering = ["-created_at"]
        permissions = [("screen_nomination", _("初审推荐人选")), ("commend_nomination", _("表彰推荐人选"))]
        indexes = [models.Index(fields=["round", "status", "category"])]

    def __str__(self):
        return f"{self.nominee_name}（{self.category}）"

    @property
    def short_deeds(self) -> str:
        text = self.deeds_summary or self.deeds
        return text if len(text) <= 120 else text[:118] + "……"

    # Workflow: 推荐 → 初审 → 评审 → 公示 → 表彰 / 未入选. Services call
    # core.workflow.run_transition; the bodies only move fields that belong to the step.
    @transition(status, source=NominationStatus.SUBMITTED, target=NominationStatus.REVIEWING, permission=_may_screen)
    def accept(self):
        pass

    @transition(status, source=NominationStatus.SUBMITTED, target=NominationStatus.REJECTED, permission=_may_screen)
    def reject(self, by=None, comment=""):
        self.reject_reason = comment

    @transition(status, source=NominationStatus.SUBMITTED, target=NominationStatus.MERGED, permission=_may_screen)
    def merge(self, by=None, comment="", into=None):
        self.merged_into = into

    @transition(status, source=NominationStatus.REVIEWING, target=NominationStatus.PUBLICITY, permission=_may_decide)
    def publicize(self, by=None, comment="", start=None, end=None):
        self.publicity_start, self.publicity_end = start, end

    @transition(
        status,
        source=[NominationStatus.REVIEWING, NominationStatus.PUBLICITY],
        target=NominationStatus.NOT_SELECTED,
        permission=_may_decide,
    )
    def not_select(self, by=None, comment=""):
        self.reject_reason = comment

    @transition(status, source=NominationStatus.PUBLICITY, target=NominationStatus.COMMENDED, permission=_may_commend)
    def commend(self, by=None, comment="", exemplar=None):
        self.exemplar = exemplar


class NominationFile(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        DOCUMENT = "document", _("证明材料")

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐人选"), related_name="files", on_delete=models.CASCADE
    )
    kind = models.CharField(_("类型"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("文件"), upload_to=upload_to, validators=[validate_document])
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = ScopeSpec(
        region="nomination__region",
        unit="nomination__nominator_unit",
        users={Role.REVIEWER: "nomination__assignments__reviewer"},
    )

    class Meta:
        verbose_name = _("推荐材料")
        verbose_name_plural = _("推荐材料")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.original_name or self.file.name

    def clean(self):
        if self.kind == self.Kind.PHOTO and self.file:
            validate_image(self.file)


class ReviewVote(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("不赞成")
    ABSTAIN = "abstain", _("弃权")


class ReviewAssignment(models.Model):
    """评审: one reviewer on one nomination, with a score and/or a vote."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐人选"), related_name="assignments", on_delete=models.CASCADE
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评审专家"), related_name="exemplar_reviews", on_delete=models.PROTECT
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("分配人"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    score = models.DecimalField(_("评分"), max_digits=5, decimal_places=1, null=True, blank=True)
    vote = models.CharField(_("表决"), max_length=8, choices=ReviewVote.choices, blank=True)
    comment = models.TextField(_("评审意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["assigned_at"])

    scope = ScopeSpec(region="nomination__region", users={Role.REVIEWER: "reviewer"})

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
        ordering = ["nomination", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["nomination", "reviewer"], name="exemplar_review_once")]

    def __str__(self):
        return f"{self.reviewer} → {self.nomination}"


class PublicVote(models.Model):
    """网络投票: one row per voter device per nominee per day."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("推荐人选"), related_name="public_votes", on_delete=models.CASCADE
    )
    voter_key = models.CharField(_("投票设备标识"), max_length=64)
    day = models.DateField(_("投票日期"))
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    created_at = models.DateTimeField(_("投票时间"), auto_now_add=True)

    scope = ScopeSpec(region="nomination__region")

    class Meta:
        verbose_name = _("网络投票")
        verbose_name_plural = _("网络投票")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "voter_key", "day"], name="exemplar_one_vote_per_day")
        ]

    def __str__(self):
        return f"{self.nomination} {self.day}"


class Objection(models.Model):
    """公示期间收到的异议 and how it was resolved."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("公示对象"), related_name="objections", on_delete=models.PROTECT
    )
    received_on = models.DateField(_("收到日期"))
    content = models.TextField(_("异议内容"))
    objector_name = models.CharField(_("反映人"), max_length=32, blank=True)
    objector_phone = models.CharField(_("反映人电话"), max_length=20, blank=True)
    resolved = models.BooleanField(_("已处理"), default=False, db_index=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    resolution = models.TextField(_("核查处理结果"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="nomination__region")

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.nomination.nominee_name} {self.received_on}"


class Exemplar(models.Model):
    """先进典型库: a person honoured, with their honours over the years."""

    name = models.CharField(_("姓名"), max_length=32, db_index=True)
    sex = models.CharField(_("性别"), max_length=2, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, db_index=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    region = models.ForeignKey("units.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT)
    unit_or_address = models.CharField(_("工作单位或住址"), max_length=120, blank=True)
    category = models.CharField(_("主要类别"), max_length=16, db_index=True)
    story = models.TextField(_("先进事迹"), blank=True)
    hardship = models.BooleanField(_("生活困难"), default=False, db_index=True)
    hardship_reason = models.CharField(_("困难原因"), max_length=200, blank=True)
    hardship_since = models.DateField(_("困难登记日期"), null=True, blank=True)
    is_deceased = models.BooleanField(_("已故"), default=False)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("先进典型")
        verbose_name_plural = _("先进典型库")
        ordering = ["region__code", "name"]

    def __str__(self):
        return self.name


class Honour(models.Model):
    exemplar = models.ForeignKey(Exemplar, verbose_name=_("先进典型"), related_name="honours", on_delete=models.CASCADE)
    title = models.CharField(_("荣誉名称"), max_length=80)
    level = models.CharField(_("级别"), max_length=8, choices=HonourLevel.choices, db_index=True)
    category = models.CharField(_("类别"), max_length=16, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    round = models.ForeignKey(
        SelectionRound,
        verbose_name=_("评选轮次"),
        null=True,
        blank=True,
        related_name="honours",
        on_delete=models.PROTECT,
    )
    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐记录"), null=True, blank=True, related_name="honour", on_delete=models.PROTECT
    )
    conferred_on = models.DateField(_("表彰日期"), null=True, blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="exemplar__region")

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "level"]

    def __str__(self):
        return f"{self.year}年 {self.title}（{self.get_level_display()}）"


class Festival(models.TextChoices):
    SPRING = "春节", _("春节")
    MID_AUTUMN = "中秋", _("中秋")
    DRAGON_BOAT = "端午", _("端午")
    DOUBLE_NINTH = "重阳", _("重阳")
    ROUTINE = "日常", _("日常走访")


class CareVisit(models.Model):
    """帮扶慰问."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("先进典型"), related_name="care_visits", on_delete=models.PROTECT
    )
    date = models.DateField(_("慰问日期"), db_index=True)
    festival = models.CharField(_("节日/时节"), max_length=8, choices=Festival.choices, default=Festival.ROUTINE)
    visitors = models.CharField(_("慰问人"), max_length=120)
    given = models.CharField(_("慰问物品"), max_length=200, blank=True)
    amount = models.DecimalField(_("慰问金(元)"), max_digits=9, decimal_places=2, default=0)
    note = models.TextField(_("备注"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    history = HistoricalRecords()

    scope = ScopeSpec(region="exemplar__region")

    class Meta:
        verbose_name = _("帮扶慰问")
        verbose_name_plural = _("帮扶慰问")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.exemplar.name} {self.date}"


class HardshipReport(models.Model):
    """半年困难典型统计报送: the table as confirmed by an office for one half-year."""

    region = models.ForeignKey("units.Region", verbose_name=_("报送区划"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))])
    rows = models.JSONField(_("统计数据"), default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, related_name="+", on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(_("报送时间"), auto_now=True)

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("困难典型统计报送")
        verbose_name_plural = _("困难典型统计报送")
        ordering = ["-year", "-half"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "half"], name="exemplar_hardship_report_once")]

    def __str__(self):
        return f"{self.region} {self.year}年{self.get_half_display()}"
