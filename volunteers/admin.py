from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, Q, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import PersonalDataAdminMixin, RegionSubtreeFilter, ScopedHistoryAdmin
from core.privacy import mask_id_number, mask_phone
from core.scoping import scoped
from core.workflow import TransitionError

from .models import Certificate, ServiceEvent, ServiceRecord, ServiceRequest, StarThreshold, Team, Volunteer
from .selectors import user_display_name
from .services import volunteer_approve, volunteer_reject
from .services.registration import check_identity


class TeamFilter(admin.SimpleListFilter):
    """所属队伍, among the teams the user may see (never other regions' team names)."""

    title = _("所属队伍")
    parameter_name = "team"

    def lookups(self, request, model_admin):
        teams = scoped(Team.objects.all(), request.user).filter(is_active=True).order_by("region__code", "name")
        return [(str(t.pk), t.name) for t in teams[:200]]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(team_id=int(self.value()))
        return queryset


@admin.register(Team)
class TeamAdmin(ScopedHistoryAdmin):
    """Teams as a tree: each 总队 followed by its 分队 (ordered by the 总队's name)."""

    list_display = ["tree_name", "parent", "kind", "region", "host_unit", "leader_names", "is_active"]
    list_filter = ["kind", "is_active", RegionSubtreeFilter]
    search_fields = ["name", "host_unit__name"]
    list_select_related = ["region", "host_unit", "parent"]
    autocomplete_fields = ["region", "host_unit", "parent", "leaders"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leaders__profile")

    def get_ordering(self, request):
        # Within a region, a 分队 sorts right under its 总队; a 总队 whose parent is a
        # higher region's corps is a root here.
        same_region_parent = Q(parent__region_id=F("region_id"))
        root = Case(When(same_region_parent, then=F("parent__name")), default=F("name"))
        depth = Case(When(same_region_parent, then=Value(1)), default=Value(0))
        return ["region__code", root.asc(), depth.asc(), "name"]

    @admin.display(description=_("队伍"), ordering="name")
    def tree_name(self, obj):
        return format_html("{}{}", "\u3000└ " if obj.parent_id else "", obj.name)

    @admin.display(description=_("负责人"))
    def leader_names(self, obj):
        return "、".join(user_display_name(u) for u in obj.leaders.all()) or "—"


class VolunteerForm(forms.ModelForm):
    class Meta:
        model = Volunteer
        fields = "__all__"  # noqa: DJ007 — VolunteerAdmin.fieldsets decide what the form shows

    def clean(self):
        data = super().clean()
        if data.get("id_number"):
            try:
                number, birth, sex = check_identity(id_number=data["id_number"])
            except ValidationError as exc:
                self.add_error("id_number", exc)
            else:
                data["id_number"] = number
                # Sex and birth date are read-only here: they always follow the ID number.
                self.instance.birth_date, self.instance.sex = birth, sex
        return data


@admin.register(Volunteer)
class VolunteerAdmin(PersonalDataAdminMixin, ScopedHistoryAdmin):
    form = VolunteerForm
    personal_fields = ("id_number", "phone")
    masked_fields = ("masked_id", "masked_phone")
    list_display = [
        "name",
        "sex",
        "masked_id",
        "masked_phone",
        "political_status",
        "region",
        "team",
        "total_hours",
        "star",
        "status",
        "registered_at",
    ]
    list_filter = [
        "status",
        RegionSubtreeFilter,
        TeamFilter,
        "political_status",
        "star",
        "source",
        ("registered_at", admin.DateFieldListFilter),
    ]
    search_fields = ["=id_number", "name"]
    list_select_related = ["region", "team"]
    autocomplete_fields = ["region", "team", "user"]
    readonly_fields = ["sex", "birth_date", "total_hours", "star", "status", "consent_at"]
    actions = ["approve", "reject"]
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description=_("身份证号"))
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description=_("手机号码"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    def _run(self, request, queryset, service, label):
        # Review actions decide on registrations the list showed as 待审核: one that
        # someone else decided meanwhile is refused, never decided twice.
        done = 0
        for v in queryset:
            try:
                service(volunteer=v, by=request.user, seen_state=Volunteer.Status.PENDING)
                done += 1
            except (TransitionError, ValidationError) as exc:
                self.message_user(request, f"{v.name}：{exc}", messages.ERROR)
        self.message_user(request, _("%(n)d名志愿者已%(a)s") % {"n": done, "a": label})

    @admin.action(description=_("审核通过所选志愿者"))
    def approve(self, request, queryset):
        self._run(request, queryset, volunteer_approve, _("审核通过"))

    @admin.action(description=_("审核不通过所选志愿者"))
    def reject(self, request, queryset):
        self._run(request, queryset, volunteer_reject, _("审核不通过"))


@admin.register(StarThreshold)
class StarThresholdAdmin(ScopedHistoryAdmin):
    list_display = ["region", "star1", "star2", "star3", "star4", "star5"]
    autocomplete_fields = ["region"]

    def save_model(self, request, obj, form, change):
        from .services.hours import star_thresholds_apply

        super().save_model(request, obj, form, change)
        n = star_thresholds_apply(threshold=obj)
        self.message_user(request, _("已按新标准更新%(n)d名志愿者的星级") % {"n": n})


@admin.register(ServiceEvent)
class ServiceEventAdmin(ScopedHistoryAdmin):
    list_display = ["title", "category", "team", "starts_at", "place", "places", "hours_confirmed_at"]
    list_filter = ["category", ("starts_at", admin.DateFieldListFilter)]
    search_fields = ["title", "team__name"]
    list_select_related = ["team"]
    autocomplete_fields = ["team"]
    readonly_fields = ["hours_confirmed_at", "created_by"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ScopedHistoryAdmin):
    """Read-only: hours change only through the confirm/import services (time bank)."""

    list_display = ["volunteer", "team", "event", "service_date", "hours", "source", "confirmed_by"]
    list_filter = ["source", ("service_date", admin.DateFieldListFilter)]
    search_fields = ["=volunteer__id_number", "volunteer__name"]
    list_select_related = ["volunteer", "team", "event", "confirmed_by"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ScopedHistoryAdmin):
    list_display = ["number", "volunteer", "issuer", "issued_at"]
    search_fields = ["number"]
    list_select_related = ["volunteer", "issuer"]
    readonly_fields = ["number", "volunteer", "issuer", "snapshot", "issued_by"]

    def has_add_permission(self, request):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(PersonalDataAdminMixin, ScopedHistoryAdmin):
    personal_fields = ("contact_phone",)
    masked_fields = ("contact_phone_masked",)
    list_display = ["title", "category", "requester", "region", "team", "status", "posted_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "requester"]
    list_select_related = ["region", "team"]
    autocomplete_fields = ["region", "team", "volunteers"]
    readonly_fields = ["status", "hours_served", "closed_at"]

    @admin.display(description=_("联系电话"))
    def contact_phone_masked(self, obj):
        return mask_phone(obj.contact_phone)
