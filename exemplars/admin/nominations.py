from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import (
    PersonalDataAdminMixin,
    ScopedHistoryAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    masked_id,
    masked_phone,
)
from core.dates import cn_date
from core.privacy import can_reveal
from core.roles import Role
from core.workflow import TransitionError
from core.xlsx import xlsx_response

from .. import services
from ..exports import commendation_docx, docx_response, nominations_workbook
from ..models import Nomination, NominationFile, NominationStatus, Objection, ReviewAssignment
from ..services.publicity import objection_check
from ._actions import each, form_action
from ._common import CountyFilter


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("保留哪一条（其余并入）"), queryset=Nomination.objects.none())

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = choices


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(label=_("评审专家"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.REVIEWER, is_active=True)
            .select_related("profile")
            .order_by("username")
        )
        self.fields["reviewers"].label_from_instance = lambda u: (
            f"{getattr(getattr(u, 'profile', None), 'display_name', '') or u.username}（{u.username}）"
        )


class PublicityForm(forms.Form):
    start = forms.DateField(
        label=_("公示开始日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    others_not_selected = forms.BooleanField(label=_("同轮其余评审中人选设为“未入选”"), required=False)


class CommendForm(forms.Form):
    conferred_on = forms.DateField(
        label=_("表彰日期"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class FileInline(ScopedTabularInline):
    """Files come from the nomination forms; here they are listed with a link to the
    permission-checked download view (there is no public media URL)."""

    model = NominationFile
    extra = 0
    fields = ["kind", "download", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("文件"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("exemplars:file", args=[obj.pk]), obj)


class AssignmentInline(ScopedTabularInline):
    model = ReviewAssignment
    fk_name = "nomination"
    extra = 0
    fields = ["reviewer", "score", "vote", "comment", "submitted_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


class ObjectionInline(ScopedStackedInline):
    model = Objection
    extra = 0
    fields = [
        "received_on",
        "content",
        "objector_name",
        "resolved",
        "upheld",
        "resolution",
        "resolved_by",
        "resolved_at",
    ]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class NominationCountyFilter(CountyFilter):
    path = "region__code"


@admin.register(Nomination)
class NominationAdmin(PersonalDataAdminMixin, ScopedHistoryAdmin):
    list_display = ["nominee_name", "category", "round_name", "area", "nominator", "id_masked", "dup_count", "status"]
    list_filter = [
        "status",
        ("round", admin.RelatedOnlyFieldListFilter),
        "category",
        "source",
        NominationCountyFilter,
    ]
    search_fields = ["nominee_name", "unit_or_address", "deeds"]
    list_select_related = ["round__campaign", "region", "nominator_unit"]
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = "created_at"
    inlines = [FileInline, AssignmentInline, ObjectionInline]
    readonly_fields = [
        "status",
        "round",
        "source",
        "nominator_unit",
        "submitted_by",
        "merged_into",
        "publicity_start",
        "publicity_end",
        "exemplar",
        "reject_reason",
        "created_at",
    ]
    personal_fields = ("id_number", "nominator_phone")
    masked_fields = ("id_masked", "phone_masked")
    list_reveals = True  # the list's ID column is clear for users who may reveal: logged per page
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "round",
                    "status",
                    "category",
                    "nominee_name",
                    "sex",
                    "age",
                    "id_number",
                    "id_masked",
                    "birth_date",
                    "unit_or_address",
                    "region",
                ]
            },
        ),
        (_("事迹"), {"fields": ["deeds", "deeds_summary"]}),
        (
            _("推荐人"),
            {
                "fields": [
                    "source",
                    "nominator_unit",
                    "nominator_name",
                    "nominator_phone",
                    "phone_masked",
                    "submitted_by",
                ]
            },
        ),
        (
            _("办理"),
            {"fields": ["reject_reason", "merged_into", "publicity_start", "publicity_end", "exemplar", "created_at"]},
        ),
    ]
    actions = [
        "accept",
        "reject",
        "merge",
        "assign_reviewers",
        "start_publicity",
        "not_select",
        "commend",
        "export_xlsx",
        "export_word",
    ]

    def get_fieldsets(self, request, obj=None):
        hidden = set(self.masked_fields if can_reveal(request.user) else self.personal_fields)
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in self.fieldsets
        ]

    def has_add_permission(self, request):
        return False  # nominations come from units, the public form or the office service

    def has_delete_permission(self, request, obj=None):
        return False  # a nomination with a workflow history is never deleted; reject or merge it

    def get_queryset(self, request):
        same_name = (
            Nomination.objects.filter(round=OuterRef("round"), nominee_name=OuterRef("nominee_name"))
            .exclude(status__in=[NominationStatus.MERGED, NominationStatus.REJECTED])
            .order_by()
            .values("round")
            .annotate(c=Count("pk"))
            .values("c")
        )
        return super().get_queryset(request).annotate(same_name=Subquery(same_name))

    @admin.display(description=_("推荐单位/推荐人"))
    def nominator(self, obj):
        who = obj.nominator_unit.name if obj.nominator_unit_id else (obj.nominator_name or "—")
        return f"{obj.get_source_display()}：{who}"

    @admin.display(description=_("评选轮次"), ordering="round")
    def round_name(self, obj):
        return obj.round.campaign.name

    @admin.display(description=_("区划"), ordering="region__code")
    def area(self, obj):
        return obj.region.name

    @admin.display(description=_("身份证号"))
    def id_masked(self, obj):
        return masked_id(obj.id_number)

    @admin.display(description=_("推荐人电话"))
    def phone_masked(self, obj):
        return masked_phone(obj.nominator_phone)

    @admin.display(description=_("疑似重复"))
    def dup_count(self, obj):
        return _("%(n)d条同名") % {"n": obj.same_name} if (obj.same_name or 0) > 1 else ""

    # Actions ---------------------------------------------------------------------------
    @admin.action(description=_("初审通过（进入评审）"), permissions=["change"])
    def accept(self, request, queryset):
        each(
            self,
            request,
            queryset,
            lambda n: services.nomination_accept(nomination=n, by=request.user),
            _("%(n)d 条推荐初审通过"),
        )

    @admin.action(description=_("初审不通过（填写原因）"), permissions=["change"])
    def reject(self, request, queryset):
        def apply(data):
            for n in queryset:
                services.nomination_reject(nomination=n, reason=data["reason"], by=request.user)
            return _("%(n)d 条推荐初审未通过") % {"n": len(queryset)}

        return form_action(self, request, queryset, form_class=ReasonForm, title=_("初审不通过"), apply=apply)

    @admin.action(description=_("合并重复推荐（同一人）"), permissions=["change"])
    def merge(self, request, queryset):
        def apply(data):
            count = services.nominations_merge(target=data["target"], duplicates=list(queryset), by=request.user)
            return _("已将 %(n)d 条重复推荐并入“%(t)s”") % {"n": count, "t": data["target"].nominee_name}

        return form_action(
            self,
            request,
            queryset,
            form_class=MergeForm,
            title=_("合并重复推荐"),
            apply=apply,
            form_kwargs={"choices": queryset.model.objects.filter(pk__in=queryset.values("pk"))},
            note=_("选择保留的一条，其余标记为“已合并”，材料并入保留的一条。"),
        )

    @admin.action(description=_("分配评审专家"), permissions=["change"])
    def assign_reviewers(self, request, queryset):
        def apply(data):
            count = services.reviewers_assign(
                nominations=list(queryset), reviewers=list(data["reviewers"]), by=request.user
            )
            return _("新增 %(n)d 项评审分配") % {"n": count}

        return form_action(self, request, queryset, form_class=ReviewersForm, title=_("分配评审专家"), apply=apply)

    @admin.action(description=_("进入公示"), permissions=["change"])
    def start_publicity(self, request, queryset):
        def apply(data):
            end = services.publicity_start(
                nominations=list(queryset),
                start=data["start"],
                others_not_selected=data["others_not_selected"],
                by=request.user,
            )
            return _("%(n)d 名人选进入公示，公示期至 %(end)s") % {"n": len(queryset), "end": cn_date(end)}

        return form_action(self, request, queryset, form_class=PublicityForm, title=_("进入公示"), apply=apply)

    @admin.action(description=_("设为未入选（填写原因）"), permissions=["change"])
    def not_select(self, request, queryset):
        def apply(data):
            for n in queryset:
                services.nomination_not_select(nomination=n, reason=data["reason"], by=request.user)
            return _("%(n)d 名人选设为未入选") % {"n": len(queryset)}

        return form_action(self, request, queryset, form_class=ReasonForm, title=_("未入选"), apply=apply)

    @admin.action(description=_("表彰（公示期满）"), permissions=["change"])
    def commend(self, request, queryset):
        def apply(data):
            exemplars = services.nominations_commend(
                nominations=list(queryset), conferred_on=data["conferred_on"], by=request.user
            )
            return _("已表彰 %(n)d 名，已写入先进典型库") % {"n": len(exemplars)}

        return form_action(self, request, queryset, form_class=CommendForm, title=_("表彰"), apply=apply)

    @admin.action(description=_("导出所选（Excel）"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        content = nominations_workbook(
            queryset.order_by("round", "category", "nominee_name"), user=request.user, request=request
        )
        return xlsx_response(content, "推荐人选名单.xlsx")

    @admin.action(description=_("导出表彰名单（Word）"), permissions=["view"])
    def export_word(self, request, queryset):
        commended = queryset.filter(status=NominationStatus.COMMENDED)
        rounds = {n.round for n in commended}
        if len(rounds) != 1:
            self.message_user(request, _("请选择同一轮评选中已表彰的人选"), messages.WARNING)
            return None
        selection_round = rounds.pop()
        office = f"{selection_round.campaign.region.name}文明办"
        return docx_response(
            commendation_docx(selection_round, commended, office_name=office), f"{selection_round}表彰名单.docx"
        )


class ResolveForm(forms.Form):
    upheld = forms.BooleanField(label=_("异议成立（该人选将设为未入选）"), required=False)
    resolution = forms.CharField(label=_("核查处理结果"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["nomination", "received_on", "content", "objector_name", "objector_phone"]

    def clean(self):
        data = super().clean()
        if not self.instance.pk and data.get("nomination") and data.get("received_on"):
            try:
                objection_check(data["nomination"], data["received_on"])
            except TransitionError as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(Objection)
class ObjectionAdmin(ScopedHistoryAdmin):
    form = ObjectionForm
    list_display = ["nomination", "received_on", "short_content", "resolved", "upheld", "resolved_by"]
    list_filter = ["resolved", "upheld", ("nomination__round", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["nomination", "resolved_by"]
    search_fields = ["nomination__nominee_name", "content"]
    actions = ["resolve"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "nomination":
            field.queryset = field.queryset.filter(status=NominationStatus.PUBLICITY)
        return field

    def get_readonly_fields(self, request, obj=None):
        if obj:
            return ["nomination", "received_on", "content", "objector_name", "objector_phone"]
        return []

    @admin.display(description=_("异议内容"))
    def short_content(self, obj):
        return obj.content[:40]

    def save_model(self, request, obj, form, change):
        if change:
            return  # recorded objections are changed only by resolving them
        data = form.cleaned_data
        new = services.objection_record(
            nomination=data["nomination"],
            received_on=data["received_on"],
            content=data["content"],
            objector_name=data["objector_name"],
            objector_phone=data["objector_phone"],
            by=request.user,
        )
        obj.pk = new.pk

    @admin.action(description=_("处理异议"), permissions=["change"])
    def resolve(self, request, queryset):
        def apply(data):
            for objection in queryset.select_related("nomination"):
                services.objection_resolve(
                    objection=objection, upheld=data["upheld"], resolution=data["resolution"], by=request.user
                )
            return _("已处理 %(n)d 条异议") % {"n": len(queryset)}

        return form_action(self, request, queryset, form_class=ResolveForm, title=_("处理异议"), apply=apply)
