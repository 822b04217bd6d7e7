from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin
from core.forms import query_int
from core.scoping import regions_visible, user_region_code
from core.xlsx import Sheet, build_workbook, xlsx_response
from units.models import Region, UnitKind

from ..models import MaterialRequirement, MaterialSubmission
from ..selectors import completeness_matrix
from ..services import materials as material_services
from .common import ReasonForm, RegionFilter, each_in_turn, run_intermediate


class RequirementForm(forms.ModelForm):
    unit_kinds = forms.MultipleChoiceField(
        label=_("适用单位类型"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示全部单位类型"),
    )

    class Meta:
        model = MaterialRequirement
        fields = ["region", "year", "name", "unit_kinds", "due_date", "notes"]
        widgets = {"due_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}


@admin.register(MaterialRequirement)
class MaterialRequirementAdmin(ScopedHistoryAdmin):
    form = RequirementForm
    list_display = ["name", "year", "region", "kinds", "due_date"]
    list_filter = ["year"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]
    change_list_template = "admin/titles/materialrequirement/change_list.html"

    @admin.display(description=_("适用单位类型"))
    def kinds(self, obj):
        return "、".join(obj.unit_kinds) or _t("全部")

    def get_urls(self):
        return [
            path(
                "completeness/",
                self.admin_site.admin_view(self.completeness_view),
                name="titles_materials_completeness",
            ),
        ] + super().get_urls()

    def completeness_view(self, request):
        if not self.has_view_permission(request):
            return redirect("admin:index")
        regions = regions_visible(request.user).filter(level__lte=Region.Level.COUNTY).order_by("code")
        code = request.GET.get("region") or user_region_code(request.user) or (regions.first().code if regions else "")
        region = regions.filter(code=code).first() or regions.first()
        year = query_int(request.GET.get("year"), timezone.localdate().year, min_value=2000, max_value=2100)
        if region and request.GET.get("export") == "xlsx":
            matrix = completeness_matrix(request.user, region=region, year=year, limit=None)
            return xlsx_response(completeness_xlsx(matrix), f"年度材料完成情况_{region.name}_{year}.xlsx")
        matrix = completeness_matrix(request.user, region=region, year=year) if region else None
        context = {
            **self.admin_site.each_context(request),
            "title": _t("年度材料完成情况"),
            "opts": self.model._meta,
            "regions": regions[:80],
            "region": region,
            "year": year,
            "matrix": matrix,
        }
        return TemplateResponse(request, "admin/titles/materialrequirement/completeness.html", context)


def completeness_xlsx(matrix) -> bytes:
    labels = {"待审核": _t("待审核"), "已通过": _t("已通过"), "已退回": _t("已退回")}
    headers = [
        _t("单位名称"),
        _t("所属区划"),
        *[r.name for r in matrix.requirements],
        _t("应交"),
        _t("已交"),
        _t("已通过"),
    ]
    rows = []
    for unit, cells, counts in matrix.rows:
        values = ["—" if c == "n/a" else (labels.get(c.status, c.status) if c else _t("未提交")) for c in cells]
        rows.append([unit.name, unit.region.name, *values, counts["required"], counts["submitted"], counts["accepted"]])
    total = [_t("合计"), "", *[""] * len(matrix.requirements), matrix.required, matrix.submitted, matrix.accepted]
    widths = [36, 14, *[14] * len(matrix.requirements), 8, 8, 8]
    # printed for meetings: core.xlsx sets A4 landscape, one page wide
    return build_workbook([Sheet(_t("年度材料完成情况"), headers, rows, widths=widths, total_row=total)])


@admin.register(MaterialSubmission)
class MaterialSubmissionAdmin(ScopedHistoryAdmin):
    list_display = ["unit", "requirement", "status_label", "download", "uploaded_at", "review_comment", "region_name"]
    list_filter = ["requirement__year", "status", "requirement", RegionFilter]
    search_fields = ["unit__name"]
    list_select_related = ["unit__region", "requirement"]
    readonly_fields = [
        "requirement",
        "unit",
        "download",
        "original_name",
        "note",
        "status",
        "review_comment",
        "uploaded_by",
        "uploaded_at",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = readonly_fields
    actions = ["act_accept", "act_return"]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("文件"))
    def download(self, obj):
        return format_html(
            '<a href="{}" style="white-space:nowrap" title="{}">{}</a>',
            reverse("titles:material_download", args=[obj.pk]),
            obj.original_name,
            _t("下载"),
        )

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, obj):
        return format_html('<span style="white-space:nowrap">{}</span>', obj.get_status_display())

    @admin.display(description=_("区划"), ordering="unit__region__code")
    def region_name(self, obj):
        return format_html('<span style="white-space:nowrap">{}</span>', obj.unit.region.name)

    @admin.action(description=_("审核通过"))
    def act_accept(self, request, queryset):
        from django.contrib import messages

        done, errors = each_in_turn(
            queryset, lambda s: material_services.material_accept(submission=s, by=request.user)
        )
        if done:
            messages.success(request, _t("已审核通过%(n)d份材料。") % {"n": done})
        for e in errors[:20]:
            messages.error(request, e)

    @admin.action(description=_("退回修改"))
    def act_return(self, request, queryset):
        def apply(qs, data):
            done, errors = each_in_turn(
                qs, lambda s: material_services.material_return(submission=s, comment=data["reason"], by=request.user)
            )
            return _t("已退回%(n)d份材料。%(e)s") % {"n": done, "e": "；".join(errors)}

        return run_intermediate(self, request, queryset, form_class=ReasonForm, title=_t("退回材料"), apply=apply)
