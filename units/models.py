from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.roles import Role
from core.scoping import ScopeSpec, ancestor_codes

from .validators import validate_credit_code, validate_phone


class Region(models.Model):
    """行政区划, GB/T 2260 (province 2 digits, city 4, county 6, township 9)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        CITY = 2, _("市级")
        COUNTY = 3, _("县级")
        TOWNSHIP = 4, _("乡镇（街道）")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("层级"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True, related_name="children", on_delete=models.PROTECT
    )
    full_name = models.CharField(_("全称"), max_length=200, blank=True)

    scope = ScopeSpec(region="self")

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self):
        return self.full_name or self.name

    def subtree(self):
        return Region.objects.filter(code__startswith=self.code)

    def ancestor_codes(self, *, include_self: bool = True) -> list[str]:
        """This region's code and those above it, top first (core.scoping.ancestor_codes)."""
        return ancestor_codes(self.code, include_self=include_self)

    @property
    def short_name(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    PARTY_GOV = "党政机关", _("党政机关")
    PUBLIC_INSTITUTION = "事业单位", _("事业单位")
    STATE_ENTERPRISE = "国有企业", _("国有企业")
    PRIVATE_ENTERPRISE = "民营企业", _("民营企业")
    SCHOOL = "学校", _("学校")
    HOSPITAL = "医院", _("医院")
    COMMUNITY = "社区", _("社区")
    VILLAGE = "村", _("村")
    SOCIAL_ORG = "社会组织", _("社会组织")
    OTHER = "其他", _("其他")


class Unit(models.Model):
    name = models.CharField(_("单位名称"), max_length=120, db_index=True)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, null=True, unique=True, validators=[validate_credit_code]
    )
    kind = models.CharField(_("单位类型"), max_length=16, choices=UnitKind.choices, db_index=True)
    industry = models.CharField(_("行业系统"), max_length=32, blank=True, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), related_name="units", on_delete=models.PROTECT)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, related_name="children", on_delete=models.SET_NULL
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("联络员"), blank=True, related_name="liaison_units"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=32, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[liaisons])

    scope = ScopeSpec(region="region", unit="pk")

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__code", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self):
        return self.name


class Profile(models.Model):
    """What a user is scoped to. Staff and officials: one region node (and its subtree);
    liaisons: their units (Unit.liaisons)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE)
    region = models.ForeignKey(Region, verbose_name=_("所属区划"), null=True, blank=True, on_delete=models.PROTECT)
    display_name = models.CharField(_("姓名"), max_length=32, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    position = models.CharField(_("职务"), max_length=64, blank=True)
    history = HistoricalRecords()

    scope = ScopeSpec(region="region", users={Role.LIAISON: "user", Role.REVIEWER: "user", Role.TEAM_LEADER: "user"})

    class Meta:
        verbose_name = _("用户资料")
        verbose_name_plural = _("用户资料")

    def __str__(self):
        return self.display_name or self.user.get_username()
