"""Volunteers, teams, service events, confirmed hours (time bank), stars, certificates and
service requests (DESIGN.md §4, first half)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopeSpec

DEFAULT_STAR_HOURS = (100, 300, 600, 1000, 1500)


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "中共党员", _("中共党员")
    PROBATIONARY = "中共预备党员", _("中共预备党员")
    LEAGUE_MEMBER = "共青团员", _("共青团员")
    DEMOCRATIC = "民主党派", _("民主党派")
    NONPARTISAN = "无党派人士", _("无党派人士")
    MASSES = "群众", _("群众")


class TeamKind(models.TextChoices):
    PARTY = "党员", _("党员志愿服务队")
    YOUTH = "青年", _("青年志愿服务队")
    WOMEN = "巾帼", _("巾帼志愿服务队")
    CIVILIZED_UNIT = "文明单位", _("文明单位志愿服务队")
    PROFESSIONAL = "专业", _("专业志愿服务队")
    COMMUNITY = "社区", _("社区志愿服务队")


class EventCategory(models.TextChoices):
    CARE_OTHERS = "关爱他人", _("关爱他人")
    CARE_SOCIETY = "关爱社会", _("关爱社会")
    CARE_NATURE = "关爱自然", _("关爱自然")
    TRAFFIC = "文明交通", _("文明交通")
    ELDERLY_DISABLED = "扶老助残", _("扶老助残")
    ENVIRONMENT = "环境保护", _("环境保护")
    MEDICAL = "医疗义诊", _("医疗义诊")
    EDUCATION = "助学支教", _("助学支教")
    OTHER = "其他", _("其他")


class Team(models.Model):
    """志愿服务队: 总队 → 分队 tree, hosted by a unit, led by users."""

    name = models.CharField(_("队伍名称"), max_length=100, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级队伍"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    kind = models.CharField(_("队伍类型"), max_length=16, choices=TeamKind.choices, default=TeamKind.COMMUNITY)
    region = models.ForeignKey("units.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT)
    host_unit = models.ForeignKey(
        "units.Unit", verbose_name=_("依托单位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("负责人"), blank=True, related_name="led_teams"
    )
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[leaders])

    scope = ScopeSpec(region="region", users={Role.TEAM_LEADER: "leaders"}, distinct=True)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["region__code", "parent_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="team_unique_name_in_region")]

    def __str__(self):
        return self.name


class Volunteer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    class Source(models.TextChoices):
        SELF = "self", _("自主注册")
        IMPORT = "import", _("批量导入")
        STAFF = "staff", _("后台录入")

    name = models.CharField(_("姓名"), max_length=32)
    # Normalized (upper-case X, no spaces) so that an exact lookup hits the unique index.
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True)
    sex = models.CharField(_("性别"), max_length=2, choices=[("男", _("男")), ("女", _("女"))])
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("手机号码"), max_length=20)
    political_status = models.CharField(
        _("政治面貌"), max_length=16, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    region = models.ForeignKey("units.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT)
    team = models.ForeignKey(
        Team, verbose_name=_("所属队伍"), null=True, blank=True, related_name="volunteers", on_delete=models.PROTECT
    )
    skills = models.CharField(_("技能特长"), max_length=200, blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING, protected=False)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.SELF)
    registered_at = models.DateTimeField(_("注册时间"), default=timezone.now)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        related_name="volunteer",
        on_delete=models.SET_NULL,
    )
    # Time bank: kept current by services.hours.hours_apply_deltas, never recomputed in bulk.
    total_hours = models.DecimalField(_("累计服务时长(小时)"), max_digits=9, decimal_places=1, default=Decimal("0"))
    star = models.PositiveSmallIntegerField(_("星级"), default=0)
    consent_at = models.DateTimeField(_("同意个人信息处理时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["total_hours", "star"])

    scope = ScopeSpec(region="region", users={Role.TEAM_LEADER: "team__leaders", Role.VOLUNTEER: "user"})

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["-registered_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["registered_at"]),
            models.Index(fields=["star"]),
            models.Index(fields=["political_status"]),
        ]

    def __str__(self):
        return self.name

    @transition(field=status, source=[Status.PENDING, Status.REJECTED], target=Status.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=Status.PENDING, target=Status.REJECTED)
    def reject(self):
        pass


class StarThreshold(models.Model):
    """Hours needed for 1★…5★ in a region and the regions below it (nearest wins)."""

    region = models.OneToOneField("units.Region", verbose_name=_("适用区划"), on_delete=models.CASCADE)
    star1 = models.PositiveIntegerField(_("一星(小时)"), default=DEFAULT_STAR_HOURS[0])
    star2 = models.PositiveIntegerField(_("二星(小时)"), default=DEFAULT_STAR_HOURS[1])
    star3 = models.PositiveIntegerField(_("三星(小时)"), default=DEFAULT_STAR_HOURS[2])
    star4 = models.PositiveIntegerField(_("四星(小时)"), default=DEFAULT_STAR_HOURS[3])
    star5 = models.PositiveIntegerField(_("五星(小时)"), default=DEFAULT_STAR_HOURS[4])
    history = HistoricalRecords()

    scope = ScopeSpec(region="region")

    class Meta:
        verbose_name = _("星级标准")
        verbose_name_plural = _("星级标准")

    def __str__(self):
        return f"{self.region}: {self.hours}"

    @property
    def hours(self) -> tuple[int, ...]:
        return (self.star1, self.star2, self.star3, self.star4, self.star5)


class ServiceEvent(models.Model):
    title = models.CharField(_("活动名称"), max_length=120)
    category = models.CharField(_("服务类别"), max_length=16, choices=EventCategory.choices)
    team = models.ForeignKey(Team, verbose_name=_("组织队伍"), related_name="events", on_delete=models.PROTECT)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    places = models.PositiveIntegerField(_("招募人数"), default=20)
    description = models.TextField(_("活动内容"), blank=True)
    hours_confirmed_at = models.DateTimeField(_("时长确认时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    scope = ScopeSpec(region="team__region", users={Role.TEAM_LEADER: "team__leaders"})

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["team", "starts_at"])]

    def __str__(self):
        return self.title


class SignUp(models.Model):
    event = models.ForeignKey(ServiceEvent, verbose_name=_("活动"), related_name="signups", on_delete=models.CASCADE)
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("志愿者"), related_name="signups", on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)

    scope = ScopeSpec(
        region="event__team__region",
        users={Role.TEAM_LEADER: "event__team__leaders", Role.VOLUNTEER: "volunteer__user"},
    )

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "volunteer"], name="signup_once_per_event")]

    def __str__(self):
        return f"{self.volunteer} → {self.event}"


class ServiceRecord(models.Model):
    """Confirmed hours of one volunteer: at an event, or imported from a team's ledger."""

    class Source(models.TextChoices):
        EVENT = "event", _("活动确认")
        IMPORT = "import", _("批量导入")
        REQUEST = "request", _("需求对接")

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("志愿者"), related_name="records", on_delete=models.PROTECT)
    event = models.ForeignKey(
        ServiceEvent, verbose_name=_("活动"), null=True, blank=True, related_name="records", on_delete=models.PROTECT
    )
    team = models.ForeignKey(Team, verbose_name=_("记录队伍"), related_name="records", on_delete=models.PROTECT)
    service_date = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("服务时长(小时)"), max_digits=6, decimal_places=1)
    content = models.CharField(_("服务内容"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.EVENT)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField(_("确认时间"), default=timezone.now)

    scope = ScopeSpec(
        region="team__region", users={Role.TEAM_LEADER: "team__leaders", Role.VOLUNTEER: "volunteer__user"}
    )

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-service_date", "-pk"]
        indexes = [
            models.Index(fields=["volunteer", "service_date"]),
            models.Index(fields=["team", "service_date"]),
            models.Index(fields=["service_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"], condition=models.Q(event__isnull=False), name="record_once_per_event"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} {self.service_date} {self.hours}h"


class Certificate(models.Model):
    """志愿服务记录证明, issued by the team that recorded the hours ("谁记录谁证明")."""

    number = models.CharField(_("验证编号"), max_length=32, unique=True)
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), related_name="certificates", on_delete=models.PROTECT
    )
    issuer = models.ForeignKey(Team, verbose_name=_("出具队伍"), on_delete=models.PROTECT)
    snapshot = models.JSONField(_("证明内容"), default=dict)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)

    scope = ScopeSpec(
        region="volunteer__region", users={Role.TEAM_LEADER: "issuer__leaders", Role.VOLUNTEER: "volunteer__user"}
    )

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number


class ServiceRequest(models.Model):
    """群众需求: posted by a resident or community, matched to volunteers, closed with hours."""

    class Status(models.TextChoices):
        OPEN = "open", _("待对接")
        MATCHED = "matched", _("已对接")
        CLOSED = "closed", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    title = models.CharField(_("需求标题"), max_length=120)
    description = models.TextField(_("需求内容"))
    category = models.CharField(_("服务类别"), max_length=16, choices=EventCategory.choices)
    requester = models.CharField(_("需求方"), max_length=60)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    region = models.ForeignKey("units.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT)
    address = models.CharField(_("服务地点"), max_length=200, blank=True)
    wanted_on = models.DateField(_("期望服务日期"), null=True, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("承接队伍"), null=True, blank=True, related_name="requests", on_delete=models.PROTECT
    )
    volunteers = models.ManyToManyField(Volunteer, verbose_name=_("对接志愿者"), blank=True, related_name="requests")
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN, protected=False)
    hours_served = models.DecimalField(_("服务时长(小时/人)"), max_digits=6, decimal_places=1, null=True, blank=True)
    posted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[volunteers])

    scope = ScopeSpec(region="region", users={Role.TEAM_LEADER: "team__leaders"})

    class Meta:
        verbose_name = _("群众需求")
        verbose_name_plural = _("群众需求")
        ordering = ["-posted_at"]

    def __str__(self):
        return self.title

    @transition(field=status, source=[Status.OPEN, Status.MATCHED], target=Status.MATCHED)
    def match(self):
        pass

    @transition(field=status, source=Status.MATCHED, target=Status.CLOSED)
    def close(self):
        pass

    @transition(field=status, source=[Status.OPEN, Status.MATCHED], target=Status.CANCELLED)
    def cancel(self):
        pass
