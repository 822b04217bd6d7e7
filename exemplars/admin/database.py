"""先进典型库: search and filter, honours, hardship flag, care visits, the half-year
hardship statistics and the festival visiting list."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import (
    PersonalDataAdminMixin,
    ScopedHistoryAdmin,
    ScopedTabularInline,
    masked_id,
    masked_phone,
)
from core.dates import cn_date
from core.forms import query_int
from core.scoping import regions_visible, user_region_code
from core.xlsx import xlsx_response
from units.models import Region

from .. import selectors, services
from ..dates import upcoming_festivals
from ..exports import exemplars_workbook, festival_workbook, hardship_workbook
from ..models import CareVisit, Exemplar, Festival, HardshipReport, Honour, HonourLevel
from ._actions import USER_ERRORS, each, error_text, form_action
from ._common import CountyFilter


class HonourInline(ScopedTabularInline):
    model = Honour
    extra = 0
    fields = ["year", "title", "level", "category", "round", "conferred_on"]
    readonly_fields = ["round"]


class CareVisitInline(ScopedTabularInline):
    model = CareVisit
    extra = 0
    fields = ["date", "festival", "visitors", "given", "amount", "note"]
    readonly_fields = fields
    ordering = ["-date"]

    def has_add_permission(self, request, obj=None):
        return False


class LevelFilter(admin.SimpleListFilter):
    title = _("荣誉级别")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return HonourLevel.choices

    def queryset(self, request, queryset):
        return queryset.filter(honours__level=self.value()).distinct() if self.value() else queryset


class YearFilter(admin.SimpleListFilter):
    title = _("获评年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Honour.objects.order_by("-year").values_list("year", flat=True).distinct()[:15]
        return [(y, f"{y}年") for y in years]

    def queryset(self, request, queryset):
        return queryset.filter(honours__year=self.value()).distinct() if self.value() else queryset


class CategoryFilter(admin.SimpleListFilter):
    title = _("类别")
    parameter_name = "cat"

    def lookups(self, request, model_admin):
        cats = Exemplar.objects.order_by("category").values_list("category", flat=True).distinct()
        return [(c, c) for c in cats]

    def queryset(self, request, queryset):
        return queryset.filter(category=self.value()) if self.value() else queryset


class HardshipForm(forms.Form):
    reason = forms.CharField(label=_("困难原因"), max_length=200)
    since = forms.DateField(
        label=_("登记日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class VisitForm(forms.Form):
    date = forms.DateField(
        label=_("慰问日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    festival = forms.ChoiceField(label=_("节日/时节"), choices=Festival.choices)
    visitors = forms.CharField(label=_("慰问人"), max_length=120)
    given = forms.CharField(label=_("慰问物品"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("慰问金(元)"), min_value=0, decimal_places=2, initial=0)
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))


@admin.register(Exemplar)
class ExemplarAdmin(PersonalDataAdminMixin, ScopedHistoryAdmin):
    list_display = ["name", "sex", "area", "category", "honour_list", "id_masked", "hardship", "last_visit"]
    list_filter = [LevelFilter, CategoryFilter, YearFilter, "hardship", CountyFilter]
    search_fields = ["name", "unit_or_address", "story"]
    list_select_related = ["region"]
    list_per_page = 50
    show_full_result_count = False
    inlines = [HonourInline, CareVisitInline]
    personal_fields = ("id_number", "phone")
    masked_fields = ("id_masked", "phone_masked")
    list_reveals = True  # the list's ID column is clear for users who may reveal: logged per page
    fields = ["name", "sex", "birth_date", "id_number", "id_masked", "phone", "phone_masked", "region", "unit_or_address",
              "category", "story", "hardship", "hardship_reason", "hardship_since", "is_deceased"]  # fmt: skip
    readonly_fields = ["hardship", "hardship_reason", "hardship_since"]
    actions = ["set_hardship", "clear_hardship", "record_visit", "export_xlsx"]
    change_list_template = "admin/exemplars/exemplar/change_list.html"

    def has_delete_permission(self, request, obj=None):
        # Nothing is lost: an exemplar with honours or visits on record stays.
        if obj is not None and (obj.honours.exists() or obj.care_visits.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return (
            super().get_queryset(request).prefetch_related("honours").annotate(last_visit_on=Max("care_visits__date"))
        )

    @admin.display(description=_("荣誉"))
    def honour_list(self, obj):
        return "；".join(f"{h.year}{h.get_level_display()}" for h in obj.honours.all()) or "—"

    @admin.display(description=_("区划"), ordering="region__code")
    def area(self, obj):
        return obj.region.name

    @admin.display(description=_("身份证号"))
    def id_masked(self, obj):
        return masked_id(obj.id_number)

    @admin.display(description=_("联系电话"))
    def phone_masked(self, obj):
        return masked_phone(obj.phone)

    @admin.display(description=_("最近慰问"), ordering="last_visit_on")
    def last_visit(self, obj):
        return cn_date(obj.last_visit_on) or "—"

    @admin.action(description=_("标记为生活困难"), permissions=["change"])
    def set_hardship(self, request, queryset):
        def apply(data):
            for e in queryset:
                services.exemplar_set_hardship(exemplar=e, reason=data["reason"], since=data["since"], by=request.user)
            return _("已标记 %(n)d 人为生活困难") % {"n": len(queryset)}

        return form_action(self, request, queryset, form_class=HardshipForm, title=_("标记生活困难"), apply=apply)

    @admin.action(description=_("取消困难标记"), permissions=["change"])
    def clear_hardship(self, request, queryset):
        each(
            self,
            request,
            queryset,
            lambda e: services.exemplar_clear_hardship(exemplar=e, by=request.user),
            _("已取消 %(n)d 人的困难标记"),
        )

    @admin.action(description=_("登记帮扶慰问"), permissions=["change"])
    def record_visit(self, request, queryset):
        def apply(data):
            for e in queryset:
                services.care_visit_record(exemplar=e, by=request.user, **data)
            return _("已登记 %(n)d 人次慰问") % {"n": len(queryset)}

        return form_action(self, request, queryset, form_class=VisitForm, title=_("登记帮扶慰问"), apply=apply)

    @admin.action(description=_("导出所选（Excel）"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return xlsx_response(exemplars_workbook(queryset, user=request.user, request=request), "先进典型库.xlsx")

    # Extra pages -----------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("hardship-stats/", view(self.hardship_stats_view), name="exemplars_hardship_stats"),
            path("festival-visits/", view(self.festival_view), name="exemplars_festival_visits"),
        ] + super().get_urls()

    def _office_region(self, request):
        code = request.GET.get("region") or user_region_code(request.user)
        region = regions_visible(request.user).filter(code=code).first() if code else None
        if region is None and request.user.is_superuser:
            region = Region.objects.filter(level=Region.Level.CITY).order_by("code").first()
        if region is None:
            raise Http404  # another office's region: not found, as everywhere else
        return region

    def hardship_stats_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        region = self._office_region(request)
        year = query_int(request.GET.get("year"), today.year, min_value=2000, max_value=today.year + 1)
        half = query_int(request.GET.get("half"), 1 if today.month <= 6 else 2, min_value=1, max_value=2)
        table = selectors.hardship_statistics(region, year, half)
        title = f"{region.name}{year}年{'上' if half == 1 else '下'}半年困难先进典型统计"
        if request.method == "POST":
            try:
                services.hardship_report_submit(region=region, year=year, half=half, by=request.user)
            except USER_ERRORS as exc:
                self.message_user(request, error_text(exc), messages.ERROR)
            else:
                self.message_user(request, _("已报送 %(t)s") % {"t": title}, messages.SUCCESS)
            return redirect(request.get_full_path())
        if request.GET.get("format") == "xlsx":
            return xlsx_response(hardship_workbook(table, title=title), f"{title}.xlsx")
        report = (
            HardshipReport.objects.filter(region=region, year=year, half=half).select_related("submitted_by").first()
        )
        context = {
            **self.admin_site.each_context(request),
            "title": title, "table": table, "region": region, "year": year, "half": half, "report": report,
            "years": range(today.year, today.year - 5, -1), "opts": self.model._meta,
            "regions": regions_visible(request.user).filter(level__lte=Region.Level.COUNTY).order_by("code"),
        }  # fmt: skip
        return TemplateResponse(request, "admin/exemplars/hardship_stats.html", context)

    def festival_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        upcoming = upcoming_festivals(today)
        festival = request.GET.get("festival") or ""
        if festival not in Festival.values:
            festival = upcoming[0][0] if upcoming else Festival.SPRING
        default_year = next((f[1].year for f in upcoming if f[0] == festival), today.year)
        year = query_int(request.GET.get("year"), default_year, min_value=2000, max_value=today.year + 2)
        hardship_only = request.GET.get("all") != "1"
        qs, season = selectors.festival_visit_list(
            self.get_queryset(request), festival, year, hardship_only=hardship_only
        )
        if request.GET.get("format") == "xlsx":
            return xlsx_response(
                festival_workbook(qs, user=request.user, festival=festival, request=request),
                f"{year}年{festival}待慰问名单.xlsx",
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("节日慰问：%(f)s尚未慰问的先进典型") % {"f": f"{year}年{festival}"},
            "rows": qs[:500], "festival": festival, "year": year, "season": season, "hardship_only": hardship_only,
            "festivals": ["春节", "中秋"], "opts": self.model._meta,
            "changelist": reverse("admin:exemplars_exemplar_changelist"),
        }  # fmt: skip
        return TemplateResponse(request, "admin/exemplars/festival_visits.html", context)


class CareVisitForm(forms.ModelForm):
    class Meta:
        model = CareVisit
        fields = ["exemplar", "date", "festival", "visitors", "given", "amount", "note"]

    def clean_date(self):
        if self.cleaned_data["date"] > timezone.localdate():
            raise forms.ValidationError(_("慰问日期不能晚于今天"))
        return self.cleaned_data["date"]


@admin.register(CareVisit)
class CareVisitAdmin(ScopedHistoryAdmin):
    form = CareVisitForm
    list_display = ["exemplar", "date", "festival", "visitors", "given", "amount"]
    search_fields = ["exemplar__name", "visitors", "given"]
    list_select_related = ["exemplar"]
    date_hierarchy = "date"
    autocomplete_fields = ["exemplar"]
    fields = ["exemplar", "date", "festival", "visitors", "given", "amount", "note"]

    def get_list_filter(self, request):
        class VisitCountyFilter(CountyFilter):
            path = "exemplar__region__code"

        return ["festival", "date", VisitCountyFilter]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        data = {f: form.cleaned_data[f] for f in ["date", "festival", "visitors", "given", "amount", "note"]}
        new = services.care_visit_record(exemplar=form.cleaned_data["exemplar"], by=request.user, **data)
        obj.pk = new.pk


@admin.register(HardshipReport)
class HardshipReportAdmin(ScopedHistoryAdmin):
    list_display = ["region", "year", "half", "submitted_by", "submitted_at"]
    list_filter = ["year", "half"]
    readonly_fields = ["region", "year", "half", "rows", "submitted_by", "submitted_at"]

    def has_add_permission(self, request):
        return False
