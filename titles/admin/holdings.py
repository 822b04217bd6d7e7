import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin, ScopedTabularInline
from core.workflow import TransitionError
from core.xlsx import xlsx_response

from ..models import Pairing, PairingRecord, ReExamination, Title
from ..selectors import REASON_FAILED, REASON_LOW, REASON_TERM, dynamic_management, dynamic_reasons
from ..services import naming as naming_services
from ..services import reexam as reexam_services
from .common import RegionFilter

DEFAULT_THRESHOLD = Decimal("85")


def _threshold(request) -> Decimal:
    if getattr(request, "_titles_threshold", None) is not None:
        return request._titles_threshold
    try:
        return Decimal(request.GET.get("threshold") or DEFAULT_THRESHOLD)
    except InvalidOperation:
        return DEFAULT_THRESHOLD


class DynamicFilter(admin.SimpleListFilter):
    """动态管理: below the score threshold (?threshold=, default 85), failed re-exam,
    or term ending this year."""

    title = _("动态管理")
    parameter_name = "dynamic"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.title = _("动态管理（分数线%(t)s分）") % {"t": _threshold(request)}

    def lookups(self, request, model_admin):
        return [("all", _("全部需关注")), ("low", REASON_LOW), ("failed", REASON_FAILED), ("term", REASON_TERM)]

    def queryset(self, request, queryset):
        year, threshold = timezone.localdate().year, _threshold(request)
        value = self.value()
        if value == "all":
            return dynamic_management(queryset, year=year, threshold=threshold)
        if value == "low":
            return queryset.filter(latest_score__lt=threshold, status__in=["在届", "复查通过", "限期整改"])
        if value == "failed":
            return queryset.filter(status__in=["限期整改", "撤销"])
        if value == "term":
            return queryset.filter(term_end_year=year, status__in=["在届", "复查通过", "限期整改"])
        return queryset


class ReExamInline(ScopedTabularInline):
    model = ReExamination
    extra = 0
    fields = ["year", "examined_on", "score", "outcome", "deadline", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Title)
class TitleAdmin(ScopedHistoryAdmin):
    list_display = [
        "unit",
        "category",
        "level",
        "conferred_year",
        "doc_number",
        "term_end_year",
        "status",
        "latest_score",
        "attention",
        "region_name",
    ]
    list_filter = ["conferred_year", "category", "level", "status", RegionFilter, DynamicFilter]
    search_fields = ["unit__name", "doc_number"]
    list_select_related = ["unit__region", "category"]
    readonly_fields = [
        "unit",
        "category",
        "level",
        "conferred_year",
        "doc_number",
        "term_years",
        "term_end_year",
        "status",
        "latest_score",
        "rectify_deadline",
        "application",
    ]
    fields = readonly_fields
    inlines = [ReExamInline]
    actions = ["export_xlsx", "export_docx"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # `threshold` is our parameter, not a field lookup: take it off before the changelist sees it.
        if "threshold" in request.GET:
            request.GET = request.GET.copy()
            self._threshold = request._titles_threshold = _threshold(request)
            request.GET.pop("threshold")
        else:
            self._threshold = DEFAULT_THRESHOLD
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("动态管理提示"))
    def attention(self, obj):
        return (
            "、".join(
                dynamic_reasons(
                    obj, year=timezone.localdate().year, threshold=getattr(self, "_threshold", DEFAULT_THRESHOLD)
                )
            )
            or "—"
        )

    @admin.display(description=_("区划"), ordering="unit__region__code")
    def region_name(self, obj):
        return obj.unit.region.name

    @admin.action(description=_("导出命名名单（Excel）"))
    def export_xlsx(self, request, queryset):
        titles = queryset.order_by("level", "category__order", "unit__region__code", "unit__name")
        return xlsx_response(naming_services.naming_list_xlsx(titles), "命名名单.xlsx")

    @admin.action(description=_("导出命名名单（Word）"))
    def export_docx(self, request, queryset):
        from urllib.parse import quote

        from django.http import HttpResponse

        titles = queryset.order_by("level", "category__order", "unit__region__code", "unit__name")
        response = HttpResponse(
            naming_services.naming_list_docx(titles),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('命名名单.docx')}"
        return response


class ReExamForm(forms.ModelForm):
    class Meta:
        model = ReExamination
        fields = ["title", "year", "examined_on", "score", "outcome", "deadline", "reason"]
        widgets = {
            "examined_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "deadline": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }


@admin.register(ReExamination)
class ReExaminationAdmin(ScopedHistoryAdmin):
    form = ReExamForm
    list_display = ["title", "year", "examined_on", "score", "outcome", "deadline"]
    list_filter = ["year", "outcome", "title__category", "title__level"]
    search_fields = ["title__unit__name"]
    list_select_related = ["title__unit", "title__category"]
    autocomplete_fields = ["title"]

    def get_changeform_initial_data(self, request):
        today = timezone.localdate()
        return {"year": today.year, "examined_on": today, **super().get_changeform_initial_data(request)}

    def get_readonly_fields(self, request, obj=None):
        return ["title", "year", "examined_on", "score", "outcome", "deadline", "reason"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = reexam_services.reexamination_record(
            title=obj.title,
            year=obj.year,
            examined_on=obj.examined_on or dt.date.today(),
            outcome=obj.outcome,
            score=obj.score,
            deadline=obj.deadline,
            reason=obj.reason,
            by=request.user,
        )
        obj.pk = saved.pk

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionError as exc:
            messages.error(request, str(exc))
            from django.shortcuts import redirect

            return redirect(request.get_full_path())


class PairingRecordInline(ScopedTabularInline):
    model = PairingRecord
    extra = 1
    fields = ["date", "content", "people", "photo"]


@admin.register(Pairing)
class PairingAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "partner", "started_on", "ended_on", "n_records"]
    list_filter = ["started_on"]
    search_fields = ["unit__name", "partner__name"]
    list_select_related = ["unit", "partner"]
    autocomplete_fields = ["unit", "partner"]
    inlines = [PairingRecordInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n=Count("records"))

    @admin.display(description=_("活动记录数"), ordering="n")
    def n_records(self, obj):
        return obj.n
