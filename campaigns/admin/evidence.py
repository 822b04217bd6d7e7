from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin
from core.workflow import TransitionError, state_logs

from ..models import Evidence, Indicator
from ..services.evidence import evidence_accept, evidence_return, evidence_review_batch
from .common import CampaignFilter, CommentForm


class EvidenceCampaignFilter(CampaignFilter):
    path = "assignment__task__indicator__framework__campaign"


class ItemFilter(admin.SimpleListFilter):
    """测评项目 (level 1) of the chosen campaign's framework."""

    title = _("测评项目")
    parameter_name = "item"

    def lookups(self, request, model_admin):
        campaign = request.GET.get("campaign", "")
        if not campaign.isdigit():
            return []
        items = Indicator.objects.filter(framework__campaign_id=campaign, level=1).order_by("sort_key")
        return [(i.pk, f"{i.code} {i.text[:16]}") for i in items]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(assignment__task__indicator__parent__parent_id=self.value())
        return queryset


class UnitFilter(admin.SimpleListFilter):
    title = _("责任单位")
    parameter_name = "unit"

    def lookups(self, request, model_admin):
        rows = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("assignment__unit_id", "assignment__unit__name")
            .distinct()
        )
        return sorted(rows, key=lambda r: r[1])

    def queryset(self, request, queryset):
        return queryset.filter(assignment__unit_id=self.value()) if self.value() else queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("是否逾期")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("late", _("逾期提交")), ("past", _("已过完成时限"))]

    def queryset(self, request, queryset):
        if self.value() == "late":
            return queryset.filter(submitted_at__date__gt=F("assignment__task__deadline"))
        if self.value() == "past":
            return queryset.filter(assignment__task__deadline__lt=timezone.localdate())
        return queryset


@admin.register(Evidence)
class EvidenceAdmin(ScopedHistoryAdmin):
    """佐证材料审核队列."""

    list_display = ["code", "indicator_text", "unit", "deadline", "submitted_at", "n_files", "status", "review"]
    list_filter = [EvidenceCampaignFilter, ItemFilter, UnitFilter, "status", OverdueFilter]
    search_fields = ["assignment__unit__name", "assignment__task__indicator__code", "text"]
    list_select_related = ["assignment__unit", "assignment__task__indicator"]
    actions = ["accept_selected", "return_selected"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-submitted_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("files"))

    def changelist_view(self, request, extra_context=None):
        if not request.GET and request.method == "GET":
            return redirect(f"{request.path}?status__exact={Evidence.Status.SUBMITTED}")
        return super().changelist_view(request, {**(extra_context or {}), "title": _g("佐证材料审核队列")})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # submissions and review decisions are the record; never deleted

    @admin.display(description=_("编号"))
    def code(self, obj):
        return obj.assignment.task.indicator.code

    @admin.display(description=_("测评标准"))
    def indicator_text(self, obj):
        return obj.assignment.task.indicator.text[:36]

    @admin.display(description=_("单位"))
    def unit(self, obj):
        return obj.assignment.unit

    @admin.display(description=_("完成时限"), ordering="assignment__task__deadline")
    def deadline(self, obj):
        return obj.assignment.task.deadline

    @admin.display(description=_("文件"))
    def n_files(self, obj):
        return obj.n

    @admin.display(description=_("审核"))
    def review(self, obj):
        label = _g("审核") if obj.status == Evidence.Status.SUBMITTED else _g("查看")
        return format_html('<a href="{}">{}</a>', reverse("admin:campaigns_evidence_review", args=[obj.pk]), label)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("<int:pk>/review/", view(self.review_view), name="campaigns_evidence_review")] + super().get_urls()

    def review_view(self, request, pk):
        evidence = get_object_or_404(self.get_queryset(request).prefetch_related("files"), pk=pk)
        form = CommentForm(request.POST or None)
        if request.method == "POST":
            if not request.user.has_perm("campaigns.review_evidence"):
                raise PermissionDenied
            if form.is_valid():
                comment = form.cleaned_data["comment"]
                try:
                    if "accept" in request.POST:
                        evidence_accept(evidence=evidence, by=request.user, comment=comment)
                        messages.success(request, _g("已审核通过"))
                    else:
                        evidence_return(evidence=evidence, by=request.user, comment=comment)
                        messages.success(request, _g("已退回，单位联络员将看到退回意见"))
                    return redirect(self._next_url(request, evidence))
                except TransitionError as exc:
                    form.add_error("comment", str(exc))
        history = (
            Evidence.objects.filter(assignment=evidence.assignment)
            .exclude(pk=evidence.pk)
            .select_related("reviewed_by")
            .prefetch_related("files")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _g("审核佐证材料"),
            "evidence": evidence,
            "assignment": evidence.assignment,
            "indicator": evidence.assignment.task.indicator,
            "form": form,
            "earlier": history,
            "logs": [
                (log, Evidence.Status(log.source).label, Evidence.Status(log.target).label)
                for log in state_logs(evidence)
            ],
            "can_review": evidence.status == Evidence.Status.SUBMITTED
            and request.user.has_perm("campaigns.review_evidence"),
        }
        return render(request, "admin/campaigns/evidence_review.html", context)

    def _next_url(self, request, evidence):
        nxt = (
            self.get_queryset(request)
            .filter(status=Evidence.Status.SUBMITTED)
            .exclude(pk=evidence.pk)
            .order_by("submitted_at")
            .values_list("pk", flat=True)
            .first()
        )
        if nxt:
            return reverse("admin:campaigns_evidence_review", args=[nxt])
        return reverse("admin:campaigns_evidence_changelist")

    def _batch(self, request, queryset, accept: bool):
        if not request.user.has_perm("campaigns.review_evidence"):
            raise PermissionDenied
        if not accept and "apply" not in request.POST:
            return render(
                request,
                "admin/campaigns/batch_comment.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _g("批量退回佐证材料"),
                    "queryset": queryset,
                    "form": CommentForm(),
                    "action": "return_selected",
                },
            )
        comment = request.POST.get("comment", "")
        try:
            done, skipped = evidence_review_batch(evidence_qs=queryset, accept=accept, comment=comment, by=request.user)
        except TransitionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return None
        self.message_user(
            request,
            _g("已处理%(done)d份，跳过%(skipped)d份（不是待审核状态）") % {"done": done, "skipped": skipped},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("批量审核通过所选材料"))
    def accept_selected(self, request, queryset):
        return self._batch(request, queryset, accept=True)

    @admin.action(description=_("批量退回所选材料（填写退回意见）"))
    def return_selected(self, request, queryset):
        return self._batch(request, queryset, accept=False)


def evidence_files_html(evidence):
    return format_html_join(
        "<br>",
        '<a href="{}" target="_blank">{}</a>',
        ((reverse("campaigns:evidence_file", args=[f.pk]), f.name) for f in evidence.files.all()),
    )
