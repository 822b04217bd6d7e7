from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from .admin_mixins import DeploymentSettingMixin, ScopedAdminMixin, own_deployment_settings
from .models import CalendarOverride, CalendarYear, ImportLog, JobRun, PersonalDataLog, StateLog

admin.site.site_header = _("文明创建管理系统")
admin.site.site_title = _("文明创建管理系统")
admin.site.index_title = _("工作台")


@admin.register(JobRun)
class JobRunAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["label", "status", "progress", "requested_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in JobRun._meta.fields if f.name != "result"] + ["result_table"]
    exclude = ["result"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a job's record is written by the job only

    @admin.display(description=_("结果"))
    def result_table(self, obj):
        """Scalars as label/value rows; a list of flat dicts (e.g. per-region counts) as a table."""
        rows = []
        for key, value in (obj.result or {}).items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                heads = list(value[0])
                table = format_html(
                    "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>",
                    format_html_join("", "<th>{}</th>", ((h,) for h in heads)),
                    format_html_join(
                        "",
                        "<tr>{}</tr>",
                        ((format_html_join("", "<td>{}</td>", ((v.get(h, ""),) for h in heads)),) for v in value),
                    ),
                )
                rows.append((key, table))
            else:
                rows.append((key, value))
        if not rows:
            return "-"
        return format_html("<table>{}</table>", format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))


@admin.register(StateLog)
class StateLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Scoped by who acted (StateLog.scope): a county sees its own staff's transitions."""

    list_display = ["at", "content_type", "object_id", "transition", "source", "target", "by", "comment"]
    list_filter = ["content_type", "transition"]
    list_select_related = ["by", "content_type"]
    readonly_fields = ["content_type", "object_id", "transition", "source", "target", "by", "at", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(PersonalDataLog)
class PersonalDataLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Scoped by who acted (PersonalDataLog.scope)."""

    list_display = ["at", "user", "action", "target", "count", "ip_address"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["user__username", "target"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportLog)
class ImportLogAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Scoped by who imported (ImportLog.scope)."""

    list_display = ["at", "kind", "file_name", "rows", "created", "updated", "ok", "user"]
    list_filter = ["kind", "ok"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(DeploymentSettingMixin, admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ["year", "note"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not CalendarOverride.objects.filter(date__year=year, is_workday=False).exists():
            raise forms.ValidationError(
                _("请先在“工作日调整”中录入%(year)d年的放假和调休日期，再确认") % {"year": year}
            )
        return year


@admin.register(CalendarYear)
class CalendarYearAdmin(DeploymentSettingMixin, admin.ModelAdmin):
    """Confirms that a year's holidays and adjusted workdays are entered in full in
    工作日调整, so that working days of that year may be computed (core.workdays)."""

    form = CalendarYearForm
    list_display = ["year", "entered_days", "note", "confirmed_by", "confirmed_at"]
    list_select_related = ["confirmed_by"]

    def get_queryset(self, request):
        entered = (
            CalendarOverride.objects.filter(date__year=OuterRef("year"))
            .order_by()
            .values("date__year")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return super().get_queryset(request).annotate(n_entered=Coalesce(Subquery(entered), 0))

    @admin.display(description=_("已录入调整日"), ordering="n_entered")
    def entered_days(self, obj):
        return obj.n_entered

    def save_model(self, request, obj, form, change):
        if not change:
            obj.confirmed_by = request.user
        super().save_model(request, obj, form, change)


# Deployment-wide settings and records registered by libraries (schedules, roles, the
# login-attempt logs of django-axes): the top-level office owns them.
own_deployment_settings(
    admin.site,
    [
        PeriodicTask, CrontabSchedule, IntervalSchedule, SolarSchedule, ClockedSchedule, Group,
        AccessAttempt, AccessFailureLog, AccessLog,
    ],
)  # fmt: skip
