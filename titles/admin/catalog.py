from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_mixins import SafeHistoryMixin, ScopedHistoryAdmin
from core.imports import ImportRejected
from core.scoping import get_scoped_or_404

from ..models import Criterion, CultivationRecommendation, CultivationRound, EvaluationSystem, TitleCategory
from ..services.catalog import evaluation_system_import


@admin.register(TitleCategory)
class TitleCategoryAdmin(SafeHistoryMixin, SimpleHistoryAdmin):
    list_display = ["name", "term_years", "order", "is_active"]
    list_editable = ["term_years", "order", "is_active"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["order", "code", "name", "max_points", "notes"]


class CriteriaImportForm(forms.Form):
    file = forms.FileField(label=_("测评体系Excel文件（.xlsx）"), help_text=_("表头：编号、测评内容、分值、评分说明"))


@admin.register(EvaluationSystem)
class EvaluationSystemAdmin(ScopedHistoryAdmin):
    list_display = ["name", "category", "year", "region", "pass_score", "criteria_count"]
    list_filter = ["year", "category"]
    search_fields = ["name"]
    list_select_related = ["category", "region"]
    autocomplete_fields = ["region"]
    inlines = [CriterionInline]
    change_form_template = "admin/titles/evaluationsystem/change_form.html"

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_criteria=Count("criteria"))

    @admin.display(description=_("测评项目数"), ordering="n_criteria")
    def criteria_count(self, obj):
        return obj.n_criteria

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/", self.admin_site.admin_view(self.import_view), name="titles_evaluationsystem_import"
            )
        ] + super().get_urls()

    def import_view(self, request, pk):
        system = get_scoped_or_404(self.get_queryset(request), request.user, action="change", pk=pk)
        if not self.has_change_permission(request, system):
            return redirect("admin:index")
        form = CriteriaImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                result = evaluation_system_import(system=system, file=form.cleaned_data["file"], by=request.user)
            except ImportRejected as exc:
                errors = [str(exc)] + exc.errors.lines(200)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("导入完成：新增%(created)d项，更新%(updated)d项。") % result)
                return redirect(reverse("admin:titles_evaluationsystem_change", args=[system.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("导入测评项目：%(name)s") % {"name": system.name},
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
            "original": system,
        }
        return TemplateResponse(request, "admin/titles/evaluationsystem/import.html", context)


class RecommendationInline(admin.TabularInline):
    model = CultivationRecommendation
    extra = 0
    fields = ["unit", "category", "reason", "recommended_by", "created_at"]
    readonly_fields = ["recommended_by", "created_at"]
    autocomplete_fields = ["unit"]


@admin.register(CultivationRound)
class CultivationRoundAdmin(ScopedHistoryAdmin):
    list_display = ["__str__", "year", "deadline", "is_open", "recommendation_count"]
    list_filter = ["year", "is_open"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    inlines = [RecommendationInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_recs=Count("recommendations"))

    @admin.display(description=_("已推荐单位数"), ordering="n_recs")
    def recommendation_count(self, obj):
        return obj.n_recs


@admin.register(CultivationRecommendation)
class CultivationRecommendationAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "category", "round", "recommended_by", "created_at"]
    list_filter = ["round__year", "category"]
    search_fields = ["unit__name"]
    list_select_related = ["unit", "category", "round__region", "recommended_by"]
    autocomplete_fields = ["unit"]
