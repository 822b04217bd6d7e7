from django.contrib import admin
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin
from core.scoping import get_scoped_or_404, scoped
from core.xlsx import xlsx_response

from .. import selectors
from ..models import Campaign, CampaignKind, TaskAssignment
from ..services.reports import progress_report_xlsx


@admin.register(Campaign)
class CampaignAdmin(ScopedHistoryAdmin):
    list_display = ["name", "kind", "level", "year", "region", "status", "links"]
    list_filter = ["status", "kind", "level", "year"]
    search_fields = ["name"]
    list_select_related = ["region", "framework"]
    autocomplete_fields = ["region"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "level", "year", ("start_date", "end_date"), "region", "status"]}),
        (_("工作目标"), {"fields": ["goals"]}),
    ]

    @admin.display(description=_("测评体系与进度"))
    def links(self, obj):
        fw = getattr(obj, "framework", None)
        if fw is None and obj.kind == CampaignKind.SELECTION:
            return "—"
        if fw is None:
            url = reverse("admin:campaigns_indicatorframework_add") + f"?campaign={obj.pk}&name={obj.name}测评体系"
            return format_html('<a href="{}">{}</a>', url, _("建立测评体系"))
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:campaigns_indicatorframework_change", args=[fw.pk]),
            _("测评体系"),
            reverse("admin:campaigns_campaign_progress", args=[obj.pk]),
            _("任务进度"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", view(self.progress_view), name="campaigns_campaign_progress"),
        ] + super().get_urls()

    def progress_view(self, request, pk):
        campaign = get_scoped_or_404(self.get_queryset(request), request.user, pk=pk)
        assignments = scoped(TaskAssignment.objects.all(), request.user)
        today = timezone.localdate()
        if request.GET.get("export") == "xlsx":
            content = progress_report_xlsx(campaign=campaign, assignments=assignments, today=today)
            return xlsx_response(content, f"{campaign.name}任务进度报告{today:%Y%m%d}.xlsx")
        by_indicator = selectors.progress_by_indicator(assignments, campaign, today)
        framework = getattr(campaign, "framework", None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("%(name)s · 任务进度") % {"name": campaign.name},
            "campaign": campaign,
            "today": today,
            "totals": selectors.progress_totals(by_indicator),
            "items": selectors.progress_by_item(framework, by_indicator) if framework else [],
            "units": selectors.progress_by_unit(assignments, campaign, today),
            "regions": selectors.progress_by_region(assignments, campaign, today=today),
            "overdue_rows": [r for r in by_indicator if r["overdue"]][:50],
        }
        return render(request, "admin/campaigns/progress.html", context)
