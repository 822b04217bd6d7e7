from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ScopedHistoryAdmin, ScopedTabularInline
from core.dates import cn_date
from core.roles import Role
from core.scoping import regions_visible, user_region_code
from core.workflow import TransitionError, state_logs

from ..models import AppStatus, Consultation, Objection, PublicityBatch, ReviewAssignment, TitleApplication
from ..services import applications as app_services
from ..services import consultation as consult_services
from ..services import naming as naming_services
from ..services import publicity as publicity_services
from ..services import reviews as review_services
from .common import ReasonForm, RegionFilter, each_in_turn, run_intermediate

User = get_user_model()


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("评审专家"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = (
            User.objects.filter(groups__name=Role.REVIEWER, is_active=True)
            .select_related("profile")
            .order_by("username")
        )
        self.fields["reviewers"].label_from_instance = lambda u: (
            getattr(getattr(u, "profile", None), "display_name", "") or u.username
        )


class DepartmentsForm(forms.Form):
    departments = forms.MultipleChoiceField(
        label=_("征求意见部门"),
        choices=[(d, d) for d in Consultation.DEFAULT_DEPARTMENTS],
        initial=list(Consultation.DEFAULT_DEPARTMENTS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    others = forms.CharField(label=_("其他部门（用顿号分隔）"), required=False)


class PublicityForm(forms.Form):
    region = forms.ModelChoiceField(label=_("公示单位（区划）"), queryset=None)
    title = forms.CharField(label=_("公示标题"), max_length=200, widget=forms.TextInput(attrs={"size": 60}))
    start_date = forms.DateField(
        label=_("公示开始日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    days = forms.IntegerField(label=_("公示天数"), min_value=1, max_value=60, initial=5)
    working_days = forms.BooleanField(label=_("按工作日计算"), initial=True, required=False)
    how_to_object = forms.CharField(
        label=_("异议受理方式"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        initial=_("公示期间，如有异议，请以书面形式实名向市文明办反映。电话：0370-0000000；邮箱：wmb@example.gov.cn"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = regions_visible(user).filter(level__lte=3)
        self.fields["region"].queryset = qs
        code = user_region_code(user)
        if code:
            self.fields["region"].initial = qs.filter(code=code).first()
        self.fields["start_date"].initial = timezone.localdate()
        self.fields["title"].initial = _("%(y)d年度文明单位拟命名名单公示") % {"y": timezone.localdate().year}


class DocNumberForm(forms.Form):
    doc_number = forms.CharField(label=_("命名文件文号"), max_length=100, help_text=_("如：商文明委〔2025〕5号"))


class AssignmentInline(ScopedTabularInline):
    model = ReviewAssignment
    extra = 0
    fields = ["reviewer", "revision", "total", "comment", "submitted_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("评审专家评分")

    def has_add_permission(self, request, obj=None):
        return False


class ConsultationInline(ScopedTabularInline):
    model = Consultation
    extra = 0
    fields = ["department", "answer", "reason", "answered_on"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TitleApplication)
class TitleApplicationAdmin(ScopedHistoryAdmin):
    list_display = [
        "unit",
        "category",
        "level",
        "year",
        "status",
        "revision",
        "average_score",
        "n_reviews",
        "region_name",
        "updated_at",
    ]
    list_filter = ["year", "category", "level", "status", RegionFilter]
    search_fields = ["unit__name"]
    list_select_related = ["unit__region", "category"]
    readonly_fields = [
        "unit",
        "category",
        "level",
        "year",
        "system",
        "status",
        "summary",
        "revision",
        "return_reason",
        "outcome_reason",
        "publicity",
        "average_score",
        "submitted_at",
        "created_by",
        "created_at",
    ]
    fields = readonly_fields
    inlines = [AssignmentInline, ConsultationInline]
    change_form_template = "admin/titles/titleapplication/change_form.html"
    actions = [
        "act_start_assessment",
        "act_return",
        "act_assign_reviewers",
        "act_start_consultation",
        "act_start_publicity",
        "act_name",
        "act_reject",
    ]
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_scored=Count("assignments", filter=Q(assignments__submitted_at__isnull=False), distinct=True),
                n_assigned=Count("assignments", distinct=True),
            )
        )

    @admin.display(description=_("评分进度"))
    def n_reviews(self, obj):
        return f"{obj.n_scored}/{obj.n_assigned}"

    @admin.display(description=_("区划"), ordering="unit__region__code")
    def region_name(self, obj):
        return obj.unit.region.name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        app = self.get_object(request, object_id)
        if app is not None:
            revisions = list(app.revisions.order_by("number"))
            for prev, rev in zip([None, *revisions], revisions, strict=False):
                rev.changes = app_services.revision_changes(prev.snapshot if prev else None, rev.snapshot)
            assignments = list(
                app.assignments.select_related("reviewer__profile", "revision").prefetch_related("scores")
            )
            criteria = list(app.system.criteria.all()) if app.system else []
            score_rows = []
            for crit in criteria:
                cells = [
                    next((s.points for s in a.scores.all() if s.criterion_id == crit.pk), None) for a in assignments
                ]
                given = [c for c in cells if c is not None]
                score_rows.append((crit, cells, (sum(given) / len(given)) if given else None))
            extra_context.update(
                # every field is read-only: changes happen through the actions, not "保存"
                show_save=False,
                show_save_and_continue=False,
                show_save_and_add_another=False,
                items=app.items.select_related("criterion"),
                attachments=app.attachments.filter(removed=False),
                revisions=revisions,
                assignments=assignments,
                score_rows=score_rows,
                objections=app.objections.all(),
                logs=state_logs(app),
                blockers=publicity_services.naming_blockers(app) if app.status == AppStatus.PUBLICITY else [],
                pairings=app.unit.pairings.select_related("partner").prefetch_related("records"),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    # Batch actions: each calls a service --------------------------------------------
    @admin.action(description=_("受理并进入考评"))
    def act_start_assessment(self, request, queryset):
        done, errors = each_in_turn(
            queryset, lambda a: app_services.application_start_assessment(application=a, by=request.user)
        )
        self._report(request, done, errors)

    @admin.action(description=_("退回修改"))
    def act_return(self, request, queryset):
        def apply(qs, data):
            done, errors = each_in_turn(
                qs, lambda a: app_services.application_return(application=a, reason=data["reason"], by=request.user)
            )
            if errors and not done:
                raise TransitionError("；".join(errors))
            return _t("已退回%(n)d项。%(e)s") % {"n": done, "e": "；".join(errors)}

        return run_intermediate(self, request, queryset, form_class=ReasonForm, title=_t("退回修改"), apply=apply)

    @admin.action(description=_("分配评审专家"))
    def act_assign_reviewers(self, request, queryset):
        def apply(qs, data):
            n = review_services.reviewers_assign(applications=qs, reviewers=data["reviewers"], by=request.user)
            return _t("已新增%(n)d条评审分配。") % {"n": n}

        return run_intermediate(
            self,
            request,
            queryset,
            form_class=ReviewersForm,
            title=_t("分配评审专家"),
            apply=apply,
            note=_t("评审专家不会被分配到其担任联络员的单位。"),
        )

    @admin.action(description=_("进入征求意见"))
    def act_start_consultation(self, request, queryset):
        def apply(qs, data):
            departments = list(data["departments"]) + [
                d for d in data["others"].replace(",", "、").split("、") if d.strip()
            ]
            for app in qs:
                consult_services.consultation_start(application=app, departments=departments, by=request.user)
            return _t("已向%(d)s征求意见。") % {"d": "、".join(departments)}

        return run_intermediate(self, request, queryset, form_class=DepartmentsForm, title=_t("征求意见"), apply=apply)

    @admin.action(description=_("发起公示"))
    def act_start_publicity(self, request, queryset):
        def apply(qs, data):
            batch = publicity_services.publicity_start(applications=qs, by=request.user, **data)
            return _t("已发起公示“%(t)s”，截止%(d)s。") % {
                "t": batch.title,
                "d": cn_date(batch.end_date),
            }

        return run_intermediate(
            self,
            request,
            queryset,
            form_class=PublicityForm,
            title=_t("发起公示"),
            apply=apply,
            form_kwargs={"user": request.user},
        )

    @admin.action(description=_("批量命名"))
    def act_name(self, request, queryset):
        def apply(qs, data):
            titles = naming_services.applications_name(
                applications=qs.select_related("publicity", "category"), doc_number=data["doc_number"], by=request.user
            )
            return _t("已命名%(n)d个单位（%(d)s）。可在“文明称号”中导出命名名单。") % {
                "n": len(titles),
                "d": data["doc_number"],
            }

        return run_intermediate(
            self,
            request,
            queryset,
            form_class=DocNumberForm,
            title=_t("批量命名"),
            apply=apply,
            note=_t("只有公示期已结束且无未办结异议的申报才能命名。"),
        )

    @admin.action(description=_("不予通过"))
    def act_reject(self, request, queryset):
        def apply(qs, data):
            done, errors = each_in_turn(
                qs, lambda a: app_services.application_reject(application=a, reason=data["reason"], by=request.user)
            )
            if errors and not done:
                raise TransitionError("；".join(errors))
            return _t("已处理%(n)d项。%(e)s") % {"n": done, "e": "；".join(errors)}

        return run_intermediate(self, request, queryset, form_class=ReasonForm, title=_t("不予通过"), apply=apply)

    def _report(self, request, done, errors):
        if done:
            messages.success(request, _t("已处理%(n)d项。") % {"n": done})
        for e in errors[:20]:
            messages.error(request, e)


class ConsultationAnswerForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["answer", "reason"]


@admin.register(Consultation)
class ConsultationAdmin(ScopedHistoryAdmin):
    """Staff record each department's answer; saving calls the service (veto stops the
    application)."""

    form = ConsultationAnswerForm
    list_display = ["application", "department", "answer", "reason", "answered_on"]
    list_filter = ["answer", "application__status", "department", "application__year"]
    search_fields = ["application__unit__name", "department"]
    list_select_related = ["application__unit", "application__category"]
    readonly_fields = ["application", "department", "answered_on"]
    fields = ["application", "department", "answer", "reason", "answered_on"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            consult_services.consultation_answer(
                consultation=Consultation.objects.get(pk=obj.pk), answer=obj.answer, reason=obj.reason, by=request.user
            )
        except TransitionError as exc:
            messages.error(request, str(exc))


class ObjectionForm(forms.ModelForm):
    class Meta:
        model = Objection
        fields = ["application", "received_on", "content", "source", "resolution", "upheld"]


@admin.register(Objection)
class ObjectionAdmin(ScopedHistoryAdmin):
    form = ObjectionForm
    list_display = ["application", "received_on", "source", "is_open_display", "upheld", "resolved_on"]
    list_filter = ["publicity", "upheld"]
    search_fields = ["application__unit__name", "content"]
    list_select_related = ["application__unit", "application__category"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["application", "received_on", "content", "source"]
        return ["application", "received_on", "content", "source", "resolution", "upheld", "resolved_on"]

    def get_readonly_fields(self, request, obj=None):
        return ["application", "received_on", "content", "source", "resolved_on"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "application":
            field.queryset = field.queryset.filter(status=AppStatus.PUBLICITY).select_related("unit", "category")
        return field

    @admin.display(description=_("办理中"), boolean=True)
    def is_open_display(self, obj):
        return obj.is_open

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            saved = publicity_services.objection_record(
                application=obj.application,
                received_on=obj.received_on,
                content=obj.content,
                source=obj.source,
                by=request.user,
            )
            obj.pk = saved.pk
            return
        publicity_services.objection_resolve(
            objection=Objection.objects.get(pk=obj.pk),
            resolution=obj.resolution,
            upheld=bool(obj.upheld),
            by=request.user,
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionError as exc:
            messages.error(request, str(exc))
            from django.shortcuts import redirect

            return redirect(request.get_full_path())


@admin.register(PublicityBatch)
class PublicityBatchAdmin(ScopedHistoryAdmin):
    list_display = ["title", "region", "start_date", "days", "working_days", "end_date", "n_apps"]
    list_filter = ["start_date"]
    list_select_related = ["region"]
    readonly_fields = ["region", "start_date", "days", "working_days", "end_date", "created_by"]
    fields = ["title", "region", "start_date", "days", "working_days", "end_date", "how_to_object", "created_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("applications"))

    @admin.display(description=_("公示申报数"), ordering="n")
    def n_apps(self, obj):
        return obj.n

    def has_add_permission(self, request):
        return False
