from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin
from core.scoping import scoped
from core.xlsx import xlsx_response

from ..models import Indicator, IndicatorFramework, TaskAssignment
from ..services.decomposition import decomposition_import_apply, decomposition_import_parse
from ..services.framework_import import framework_import_apply, framework_import_parse
from ..services.reports import decomposition_xlsx
from .imports import import_flow


@admin.register(IndicatorFramework)
class IndicatorFrameworkAdmin(ScopedHistoryAdmin):
    list_display = ["name", "campaign", "n_indicators", "tools"]
    search_fields = ["name", "campaign__name"]
    list_select_related = ["campaign"]
    autocomplete_fields = ["campaign"]
    readonly_fields = ["tools"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n=Count("indicators"))

    @admin.display(description=_("指标数"))
    def n_indicators(self, obj):
        return getattr(obj, "n", "")

    @admin.display(description=_("操作"))
    def tools(self, obj):
        if not obj or not obj.pk:
            return "—"
        links = [
            (reverse("admin:campaigns_indicatorframework_import", args=[obj.pk]), _("导入测评体系")),
            (reverse("admin:campaigns_indicatorframework_decompose", args=[obj.pk]), _("导入任务分解表")),
            (reverse("admin:campaigns_indicatorframework_export", args=[obj.pk]), _("导出任务分解表")),
            (reverse("admin:campaigns_indicator_changelist") + f"?framework__id__exact={obj.pk}", _("查看指标")),
            (reverse("admin:campaigns_campaign_progress", args=[obj.campaign_id]), _("任务进度")),
        ]
        return format_html(" · ".join(['<a href="{}">{}</a>'] * len(links)), *[x for pair in links for x in pair])

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/import/", view(self.import_view), name="campaigns_indicatorframework_import"),
            path("<int:pk>/decompose/", view(self.decompose_view), name="campaigns_indicatorframework_decompose"),
            path("<int:pk>/decomposition.xlsx", view(self.export_view), name="campaigns_indicatorframework_export"),
        ] + super().get_urls()

    def _framework(self, request, pk):
        return get_object_or_404(self.get_queryset(request).select_related("campaign"), pk=pk)

    def import_view(self, request, pk):
        fw = self._framework(request, pk)
        return import_flow(
            request,
            self,
            framework=fw,
            kind="framework",
            parse=lambda file: framework_import_parse(framework=fw, file=file),
            apply=lambda file, file_name: framework_import_apply(
                framework=fw, file=file, file_name=file_name, by=request.user
            ),
            template="admin/campaigns/framework_import.html",
            title=_("导入测评体系：%(name)s") % {"name": fw.name},
            done_url=reverse("admin:campaigns_indicator_changelist") + f"?framework__id__exact={fw.pk}",
        )

    def decompose_view(self, request, pk):
        fw = self._framework(request, pk)
        return import_flow(
            request,
            self,
            framework=fw,
            kind="decomposition",
            parse=lambda file: decomposition_import_parse(framework=fw, file=file, user=request.user),
            apply=lambda file, file_name: decomposition_import_apply(
                framework=fw, file=file, file_name=file_name, by=request.user
            ),
            template="admin/campaigns/decomposition_import.html",
            title=_("导入任务分解表：%(name)s") % {"name": fw.name},
            done_url=reverse("admin:campaigns_task_changelist") + f"?campaign={fw.campaign_id}",
        )

    def export_view(self, request, pk):
        fw = self._framework(request, pk)
        content = decomposition_xlsx(framework=fw, assignments=scoped(TaskAssignment.objects.all(), request.user))
        return xlsx_response(content, f"{fw.campaign.name}目标任务分解表{timezone.localdate():%Y%m%d}.xlsx")


@admin.register(Indicator)
class IndicatorAdmin(ScopedHistoryAdmin):
    list_display = ["code", "short_text", "level", "points", "method", "framework"]
    list_filter = ["framework", "level", "method"]
    search_fields = ["code", "text"]
    list_select_related = ["framework"]
    autocomplete_fields = ["parent"]
    ordering = ["framework", "sort_key"]
    list_per_page = 100
    show_full_result_count = False

    @admin.display(description=_("内容"))
    def short_text(self, obj):
        return obj.text[:60]

    def get_search_results(self, request, queryset, search_term):
        qs, dup = super().get_search_results(request, queryset, search_term)
        # The task form's autocomplete offers 测评标准 only.
        if request.GET.get("model_name") == "task":
            qs = qs.filter(level=Indicator.Level.STANDARD, task__isnull=True)
        return qs, dup
