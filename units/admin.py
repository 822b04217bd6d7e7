from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from core.admin_mixins import (
    PersonalDataAdminMixin,
    ScopedAdminMixin,
    ScopedHistoryAdmin,
    ScopedImportExportMixin,
    ScopedStackedInline,
    ScopedTabularInline,
    masked_phone,
)

from . import services
from .models import Profile, Region, Unit
from .resources import UnitResource
from .services.accounts import account_grant_check, grantable_roles

User = get_user_model()


@admin.register(Region)
class RegionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "full_name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "full_name"]
    list_select_related = ["parent"]
    readonly_fields = ["code", "level", "parent"]
    change_list_template = "admin/units/region/change_list.html"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("recount/", self.admin_site.admin_view(self.recount_view), name="units_region_recount"),
        ] + super().get_urls()

    def recount_view(self, request):
        if request.method != "POST" or not self.has_view_permission(request):
            return redirect("admin:units_region_changelist")
        job = services.unit_recount_start(user=request.user)
        messages.success(request, _("已提交后台任务“%(label)s”，可在后台任务列表查看进度。") % {"label": job.label})
        return redirect(reverse("admin:core_jobrun_change", args=[job.pk]))


class LiaisonInline(ScopedTabularInline):
    model = Unit.liaisons.through
    extra = 0
    verbose_name = _("联络员")
    verbose_name_plural = _("联络员")
    autocomplete_fields = ["user"]


class UnitRegionLevelFilter(admin.SimpleListFilter):
    title = _("所属区划层级")
    parameter_name = "region_level"

    def lookups(self, request, model_admin):
        return Region.Level.choices

    def queryset(self, request, queryset):
        return queryset.filter(region__level=self.value()) if self.value() else queryset


@admin.register(Unit)
class UnitAdmin(ScopedImportExportMixin, ScopedHistoryAdmin, ImportExportModelAdmin):
    resource_classes = [UnitResource]
    export_is_personal_data = True  # contact names and phones
    list_display = ["name", "kind", "industry", "region", "contact_name", "credit_code", "is_active"]
    list_filter = ["kind", "industry", "is_active", UnitRegionLevelFilter]
    search_fields = ["name", "credit_code", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region", "parent"]
    exclude = ["liaisons"]
    inlines = [LiaisonInline]
    list_per_page = 50


def _with_grant_check(form_class, editor, field: str):
    """The form class with `field` (a region, or the roles) re-checked by
    units.services.accounts.account_grant_check for `editor` (Chinese form error)."""

    class CheckedForm(form_class):
        def clean(self):
            data = super().clean()
            if field in data:
                value = data[field]
                try:
                    if field == "groups":
                        before = set(self.instance.groups.values_list("name", flat=True)) if self.instance.pk else set()
                        account_grant_check(by=editor, added_roles={g.name for g in value} - before)
                    elif value is not None and getattr(self.instance, f"{field}_id", None) != value.pk:
                        account_grant_check(by=editor, region=value)
                except ValidationError as exc:
                    self.add_error(field, exc)
            return data

    CheckedForm.__name__ = form_class.__name__
    return CheckedForm


class ProfileFieldsMixin(PersonalDataAdminMixin):
    """A profile's phone masked for users who may not reveal it."""

    personal_fields = ("phone",)
    masked_fields = ("phone_masked",)

    @admin.display(description=_("手机号"))
    def phone_masked(self, obj):
        return masked_phone(obj.phone)


class ProfileInline(ProfileFieldsMixin, ScopedStackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["region"]
    verbose_name_plural = _("用户资料")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_grant_check(formset.form, request.user, "region")
        return formset


@admin.register(Profile)
class ProfileAdmin(ProfileFieldsMixin, ScopedHistoryAdmin):
    list_display = ["user", "display_name", "region", "position"]
    search_fields = ["user__username", "display_name"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["region", "user"]

    def get_form(self, request, obj=None, **kwargs):
        return _with_grant_check(super().get_form(request, obj, **kwargs), request.user, "region")


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, ScopedAdminMixin, BaseUserAdmin):
    """Staff manage accounts of their region (scoped list and pages); they give only
    regions inside their own subtree and roles they hold themselves (re-checked on save
    by account_grant_check); only superusers grant superuser rights or permissions, or
    touch a superuser's account."""

    inlines = [ProfileInline]
    list_display = ["username", "display_name", "region", "is_staff", "is_active", "last_login"]
    list_select_related = ["profile__region"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["username", "profile__display_name"]

    @admin.display(description=_("姓名"))
    def display_name(self, obj):
        return getattr(getattr(obj, "profile", None), "display_name", "")

    @admin.display(description=_("所属区划"))
    def region(self, obj):
        return getattr(getattr(obj, "profile", None), "region", "") or ""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and not request.user.is_superuser:
            field.queryset = field.queryset.filter(name__in=grantable_roles(request.user))
        return field

    def get_form(self, request, obj=None, **kwargs):
        return _with_grant_check(super().get_form(request, obj, **kwargs), request.user, "groups")

    def save_related(self, request, form, formsets, change):
        # The roles field lists only the editor's own roles: roles the account holds
        # beyond those stay as they are.
        kept = []
        if change and not request.user.is_superuser:
            kept = list(form.instance.groups.exclude(name__in=grantable_roles(request.user)))
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in ("is_superuser", "user_permissions")]})
            for name, opts in fieldsets
        ]
