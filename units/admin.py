from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from core.admin_mixins import ScopedAdminMixin, ScopedHistoryAdmin, ScopedImportExportMixin
from core.roles import Role
from core.scoping import scoped

from . import services
from .models import Profile, Region, Unit
from .resources import UnitResource

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


class LiaisonInline(admin.TabularInline):
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


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["region"]
    verbose_name_plural = _("用户资料")


@admin.register(Profile)
class ProfileAdmin(ScopedHistoryAdmin):
    list_display = ["user", "display_name", "region", "position"]
    search_fields = ["user__username", "display_name"]
    list_select_related = ["user", "region"]
    autocomplete_fields = ["region", "user"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff manage accounts of their region; only superusers grant superuser rights."""

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

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and not request.user.is_superuser:
            field.queryset = field.queryset.exclude(name=Role.PERSONAL_DATA)
        return field

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in ("is_superuser", "user_permissions")]})
            for name, opts in fieldsets
        ]
