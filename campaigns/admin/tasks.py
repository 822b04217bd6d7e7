from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import NoBulkDeleteMixin, ScopedHistoryAdmin, ScopedTabularInline
from core.scoping import scoped
from core.workflow import TransitionError
from units.models import Unit

from ..models import AssignmentRole, Evidence, Task, TaskAssignment, TaskStatus
from ..selectors import with_status
from ..services.decomposition import task_assign
from .common import CampaignFilter


class TaskForm(forms.ModelForm):
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(label=_("责任单位"), queryset=Unit.objects.none(), required=False)

    class Meta:
        model = Task
        fields = ["indicator", "deadline", "note"]


class AssignmentInline(ScopedTabularInline):
    model = TaskAssignment
    extra = 0
    can_delete = False
    fields = ["unit", "role", "status_display"]
    readonly_fields = ["unit", "role", "status_display"]
    verbose_name_plural = _("各单位完成情况（修改责任单位请用上方“牵头单位”“责任单位”）")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return with_status(scoped(super().get_queryset(request), request.user)).select_related("unit")

    @admin.display(description=_("状态"))
    def status_display(self, obj):
        return TaskStatus(obj.status).label


class TaskCampaignFilter(CampaignFilter):
    path = "indicator__framework__campaign"


@admin.register(Task)
class TaskAdmin(NoBulkDeleteMixin, ScopedHistoryAdmin):
    form = TaskForm
    list_display = ["code", "indicator_text", "points", "deadline", "lead", "n_units", "campaign"]
    list_filter = [TaskCampaignFilter, "deadline"]
    search_fields = ["indicator__code", "indicator__text", "assignments__unit__name"]
    list_select_related = ["indicator__framework__campaign"]
    autocomplete_fields = ["indicator"]
    inlines = [AssignmentInline]
    ordering = ["indicator__framework", "indicator__sort_key"]
    list_per_page = 100

    def get_queryset(self, request):
        from django.db.models import Count, Max, Q

        return (
            super()
            .get_queryset(request)
            .annotate(
                n=Count("assignments", distinct=True),
                lead_name=Max("assignments__unit__name", filter=Q(assignments__role=AssignmentRole.LEAD)),
            )
        )

    @admin.display(description=_("编号"), ordering="indicator__sort_key")
    def code(self, obj):
        return obj.indicator.code

    @admin.display(description=_("测评标准"))
    def indicator_text(self, obj):
        return obj.indicator.text[:50]

    @admin.display(description=_("分值"))
    def points(self, obj):
        return obj.indicator.points

    @admin.display(description=_("创建活动"))
    def campaign(self, obj):
        return obj.indicator.framework.campaign

    @admin.display(description=_("牵头单位"))
    def lead(self, obj):
        return obj.lead_name or "—"

    @admin.display(description=_("单位数"))
    def n_units(self, obj):
        return obj.n

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        units = scoped(Unit.objects.filter(is_active=True), request.user)
        site = self.admin_site
        form.base_fields["lead_unit"].queryset = units
        form.base_fields["co_units"].queryset = units
        # Unit.parent is a Unit→Unit relation: it points the autocomplete at the (scoped) unit admin.
        unit_relation = Unit._meta.get_field("parent")
        form.base_fields["lead_unit"].widget = AutocompleteSelect(unit_relation, site)
        form.base_fields["co_units"].widget = AutocompleteSelectMultiple(unit_relation, site)
        if obj is not None:
            parts = list(obj.assignments.select_related("unit"))
            form.base_fields["lead_unit"].initial = next((a.unit for a in parts if a.role == AssignmentRole.LEAD), None)
            form.base_fields["co_units"].initial = [a.unit for a in parts if a.role == AssignmentRole.CO]
            form.base_fields["indicator"].disabled = True
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = task_assign(
                indicator=data["indicator"],
                lead=data["lead_unit"],
                co_units=data["co_units"],
                deadline=data["deadline"],
                note=data["note"],
                by=request.user,
            )
        except TransitionError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        # A task whose units have handed in evidence is part of the record.
        if obj is not None and Evidence.objects.filter(assignment__task=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            from django.shortcuts import redirect

            return redirect(request.get_full_path())


class StatusFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return TaskStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class AssignmentCampaignFilter(CampaignFilter):
    path = "task__indicator__framework__campaign"


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(ScopedHistoryAdmin):
    """单位任务进度: every unit's part of every task with its derived status."""

    list_display = ["code", "indicator_text", "unit", "role", "deadline", "status_display"]
    list_filter = [AssignmentCampaignFilter, StatusFilter, "role"]
    search_fields = ["unit__name", "task__indicator__code", "task__indicator__text"]
    list_select_related = ["unit", "task", "task__indicator"]
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        return with_status(super().get_queryset(request), timezone.localdate())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("编号"), ordering="task__indicator__sort_key")
    def code(self, obj):
        return obj.task.indicator.code

    @admin.display(description=_("测评标准"))
    def indicator_text(self, obj):
        return obj.task.indicator.text[:40]

    @admin.display(description=_("完成时限"), ordering="task__deadline")
    def deadline(self, obj):
        return obj.task.deadline

    @admin.display(description=_("状态"), ordering="status")
    def status_display(self, obj):
        return TaskStatus(obj.status).label
