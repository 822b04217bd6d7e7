from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedAdminMixin
from core.jobs import JobError
from core.scoping import can_write, get_scoped_or_404
from units.models import Region

from .forms import NarrativesForm, SummaryRequestForm
from .models import AnnualSummary
from .services import narrative_save, narratives_of, summary_request


@admin.register(AnnualSummary)
class AnnualSummaryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("region", "year", "version", "status", "progress", "requested_by", "requested_at", "links")
    list_filter = ("year", "status")
    search_fields = ("region__name", "region__code")
    list_select_related = ("region", "requested_by")
    actions = ["rebuild"]
    change_list_template = "admin/summaries/annualsummary/change_list.html"
    readonly_fields = [
        f.name for f in AnnualSummary._meta.fields if f.name not in ("figures", "next_year", "checks", "narratives")
    ]
    exclude = ("figures", "next_year", "checks", "narratives")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("start/", self.admin_site.admin_view(self.start_view), name="summaries_annualsummary_start"),
            path(
                "<int:pk>/narratives/",
                self.admin_site.admin_view(self.narratives_view),
                name="summaries_annualsummary_narratives",
            ),
        ] + super().get_urls()

    @admin.display(description=_("查看"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("summaries:detail", args=[obj.pk]),
            _("进度与内容"),
            reverse("admin:summaries_annualsummary_narratives", args=[obj.pk]),
            _("编写说明段落"),
        )

    def narratives_view(self, request, pk: int):
        """Staff write the paragraph that opens any part; saved by region and year, then
        (optionally) a new version is generated with it."""
        if not can_write(request.user) or not self.has_view_permission(request):
            raise PermissionDenied
        summary = get_scoped_or_404(self.get_queryset(request), request.user, pk=pk)
        form = NarrativesForm(request.POST or None, initial_texts=narratives_of(summary.region, summary.year))
        if request.method == "POST" and form.is_valid():
            for section, text in form.cleaned_data.items():
                narrative_save(region=summary.region, year=summary.year, section=section, text=text, by=request.user)
            if "_rebuild" in request.POST:
                new = summary_request(region=summary.region, year=summary.year, by=request.user)
                messages.success(request, _("说明段落已保存，正在生成第%(v)d版。") % {"v": new.version})
                return redirect("summaries:detail", new.pk)
            messages.success(request, _("说明段落已保存，重新生成后印入总结。"))
            return redirect("admin:summaries_annualsummary_narratives", summary.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "summary": summary,
            "opts": self.model._meta,
            "title": _("编写说明段落：%(t)s") % {"t": summary.title},
        }
        return TemplateResponse(request, "admin/summaries/annualsummary/narratives.html", context)

    def start_view(self, request):
        if not can_write(request.user) or not self.has_view_permission(request):
            raise PermissionDenied
        form = SummaryRequestForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                summary = summary_request(
                    region=form.cleaned_data["region"], year=form.cleaned_data["year"], by=request.user
                )
            except JobError as exc:
                form.add_error(None, str(exc))
            else:
                if summary.already_running:
                    messages.info(request, _("该年度总结正在生成（第%(v)d版），请稍候查看。") % {"v": summary.version})
                else:
                    messages.success(request, _("已开始生成，可离开本页，稍后回来查看。"))
                return redirect("summaries:detail", summary.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("生成年度工作总结"),
        }
        return TemplateResponse(request, "admin/summaries/annualsummary/start.html", context)

    @admin.action(description=_("重新生成所选总结（保留原版本）"))
    def rebuild(self, request, queryset):
        if not can_write(request.user):
            raise PermissionDenied
        done = 0
        for region_id, year in set(queryset.values_list("region_id", "year")):
            summary_request(region=Region.objects.get(pk=region_id), year=year, by=request.user)
            done += 1
        messages.success(request, _("已开始重新生成%(n)d份总结。") % {"n": done})
