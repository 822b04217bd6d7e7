from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import NoBulkDeleteMixin, ScopedHistoryAdmin, ScopedTabularInline
from core.dates import cn_date
from core.workflow import TransitionError

from ..models import Inspection, InspectionPhoto, Rectification
from ..services.inspections import rectification_close, rectification_reopen
from .common import CampaignFilter, CommentForm, PhotoInline


class InspectionPhotoInline(PhotoInline):
    model = InspectionPhoto
    url_name = "campaigns:inspection_photo"
    extra = 1


class RectificationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        date = getattr(self.instance, "date", None)
        for form in self.forms:
            deadline = form.cleaned_data.get("deadline") if hasattr(form, "cleaned_data") else None
            if date and deadline and deadline < date:
                form.add_error("deadline", _g("整改时限不能早于督查日期"))


class RectificationInline(ScopedTabularInline):
    model = Rectification
    formset = RectificationFormSet
    extra = 1
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 28})}}
    fields = ["unit", "issue", "requirement", "deadline", "status"]
    readonly_fields = ["status"]
    autocomplete_fields = ["unit"]


@admin.register(Inspection)
class InspectionAdmin(ScopedHistoryAdmin):
    list_display = ["date", "place", "unit", "region", "campaign", "n_items"]
    list_filter = [CampaignFilter, "date"]
    search_fields = ["place", "findings", "unit__name"]
    list_select_related = ["unit", "region", "campaign"]
    autocomplete_fields = ["campaign", "region", "unit"]
    inlines = [InspectionPhotoInline, RectificationInline]
    fields = ["campaign", "date", "region", "place", "unit", "inspectors", "findings"]
    date_hierarchy = "date"

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n=Count("rectifications"))

    @admin.display(description=_("整改事项"))
    def n_items(self, obj):
        return obj.n

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class OverdueFilter(admin.SimpleListFilter):
    title = _("是否逾期")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("已逾期未整改"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=Rectification.Status.OPEN, deadline__lt=timezone.localdate())
        return queryset


class RectCampaignFilter(CampaignFilter):
    path = "inspection__campaign"


@admin.register(Rectification)
class RectificationAdmin(NoBulkDeleteMixin, ScopedHistoryAdmin):
    list_display = ["issue_short", "unit", "inspection", "deadline", "status", "overdue"]
    list_filter = ["status", OverdueFilter, RectCampaignFilter]
    search_fields = ["issue", "unit__name"]
    list_select_related = ["unit", "inspection"]
    readonly_fields = [
        "inspection",
        "unit",
        "issue",
        "requirement",
        "deadline",
        "status",
        "responses_html",
        "closed_by",
        "closed_at",
        "staff_comment",
    ]
    fields = readonly_fields
    actions = ["close_selected", "reopen_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responses__by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Nothing is lost: an item the unit has answered keeps its record; bulk
        # deletion is not offered at all (see get_actions).
        if obj is not None and (obj.status != Rectification.Status.OPEN or obj.responses.exists()):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("问题"))
    def issue_short(self, obj):
        return obj.issue[:40]

    @admin.display(description=_("逾期"))
    def overdue(self, obj):
        return _g("已逾期") if obj.is_overdue else ""

    @admin.display(description=_("整改反馈"))
    def responses_html(self, obj):
        rows = []
        for r in obj.responses.all():
            link = ""
            if r.file:
                link = format_html(
                    ' <a href="{}" target="_blank">{}</a>',
                    reverse("campaigns:rectification_file", args=[r.pk]),
                    _g("附件"),
                )
            at = timezone.localtime(r.at)
            rows.append((cn_date(at, with_time=True), r.by or "—", r.text, link))
        return format_html_join("", "<p>{}（{}）：{}{}</p>", rows) or "—"

    def _run(self, request, queryset, fn, need_comment: bool, title: str, action: str):
        if not request.user.has_perm("campaigns.change_rectification"):
            raise PermissionDenied
        if need_comment and "apply" not in request.POST:
            return render(
                request,
                "admin/campaigns/batch_comment.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": title,
                    "queryset": queryset,
                    "form": CommentForm(),
                    "action": action,
                },
            )
        comment = request.POST.get("comment", "")
        done = skipped = 0
        for item in queryset.select_related("unit"):
            try:
                fn(rectification=item, by=request.user, comment=comment)
                done += 1
            except TransitionError as exc:
                skipped += 1
                last_error = str(exc)
        level = messages.SUCCESS if done else messages.WARNING
        msg = _g("已处理%(done)d项，跳过%(skipped)d项") % {"done": done, "skipped": skipped}
        if skipped:
            msg += f"（{last_error}）"
        self.message_user(request, msg, level)
        return None

    @admin.action(description=_("整改合格，销号"))
    def close_selected(self, request, queryset):
        return self._run(request, queryset, rectification_close, False, "", "close_selected")

    @admin.action(description=_("整改不到位，退回重改（填写意见）"))
    def reopen_selected(self, request, queryset):
        return self._run(request, queryset, rectification_reopen, True, _g("退回整改"), "reopen_selected")
