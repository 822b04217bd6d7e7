from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaigns.models import CampaignLevel
from core.admin_mixins import ScopedHistoryAdmin
from core.scoping import regions_visible, user_region_code

from .. import services
from ..exports import commendation_docx, docx_response
from ..models import DEFAULT_CATEGORIES, NominationStatus, SelectionRound
from ..services.rounds import round_values_check
from ._actions import USER_ERRORS, error_text

EDIT_FIELDS = [
    "kind",
    "nomination_start",
    "nomination_end",
    "places",
    "publicity_days",
    "publicity_working_days",
    "public_nomination",
    "public_voting",
    "honour_level",
    "honour_title",
    "contact",
]


class RoundForm(forms.ModelForm):
    name = forms.CharField(
        label=_("评选名称"), max_length=120, help_text=_("如：2025年度“身边好人”评选、第八届道德模范评选")
    )
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("级别"), choices=CampaignLevel.choices)
    region = forms.ModelChoiceField(label=_("主办区划"), queryset=None)
    categories_text = forms.CharField(
        label=_("评选类别"),
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_(
            "用顿号或逗号分隔；留空则按评选类型默认（道德模范：助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲）"
        ),
    )

    class Meta:
        model = SelectionRound
        fields = EDIT_FIELDS

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user).filter(level__lte=3).order_by("code")
        if self.instance.pk:
            c = self.instance.campaign
            self.initial.update(
                name=c.name,
                year=c.year,
                level=c.level,
                region=c.region,
                categories_text="、".join(self.instance.categories),
            )
            self.fields["region"].disabled = True
        else:
            self.initial.setdefault("year", timezone.localdate().year)
            code = user_region_code(user)
            region = self.fields["region"].queryset.filter(code=code).first() if code else None
            if region is not None:
                self.initial.setdefault("region", region)
                level = {1: CampaignLevel.PROVINCE, 2: CampaignLevel.CITY}.get(region.level, CampaignLevel.COUNTY)
                self.initial.setdefault("level", level)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        values = {f: data.get(f) for f in EDIT_FIELDS} | {"categories": self.categories()}
        try:
            round_values_check(values)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return data

    def categories(self) -> list[str]:
        text = self.cleaned_data.get("categories_text", "").replace("，", "、").replace(",", "、")
        cats = [c.strip() for c in text.split("、") if c.strip()]
        return cats or list(DEFAULT_CATEGORIES.get(self.cleaned_data["kind"], ["综合"]))


class RoundYearFilter(admin.SimpleListFilter):
    """Years of the rounds the user sees (not of every campaign in the database)."""

    title = _("年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).order_by("-campaign__year").values_list("campaign__year", flat=True)
        return [(y, f"{y}年") for y in dict.fromkeys(years)]

    def queryset(self, request, queryset):
        return queryset.filter(campaign__year=self.value()) if self.value() else queryset


@admin.register(SelectionRound)
class SelectionRoundAdmin(ScopedHistoryAdmin):
    form = RoundForm
    list_display = ["round_name", "kind", "year", "stage", "window", "places", "counts", "links"]
    list_filter = ["stage", "kind", RoundYearFilter, "public_voting"]
    search_fields = ["campaign__name"]
    list_select_related = ["campaign", "campaign__region"]
    actions = ["export_commendation_word"]
    fieldsets = [
        (None, {"fields": ["name", "year", "level", "region", "kind", "categories_text"]}),
        (
            _("推荐与评选"),
            {"fields": ["nomination_start", "nomination_end", "places", "public_nomination", "public_voting"]},
        ),
        (
            _("公示与表彰"),
            {"fields": ["publicity_days", "publicity_working_days", "contact", "honour_level", "honour_title"]},
        ),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class WithUser(form_class):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return WithUser

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_total=Count("nominations", filter=~Q(nominations__status=NominationStatus.MERGED)),
                n_waiting=Count("nominations", filter=Q(nominations__status=NominationStatus.SUBMITTED)),
                n_commended=Count("nominations", filter=Q(nominations__status=NominationStatus.COMMENDED)),
            )
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {f: data[f] for f in EDIT_FIELDS}
        try:
            if change:
                current = SelectionRound.objects.select_related("campaign").get(pk=obj.pk)
                services.round_update(
                    selection_round=current, by=request.user, name=data["name"], categories=form.categories(), **values
                )
            else:
                new = services.round_open(
                    name=data["name"],
                    year=data["year"],
                    level=data["level"],
                    region=data["region"],
                    categories=form.categories(),
                    by=request.user,
                    **values,
                )
                obj.pk, obj.campaign = new.pk, new.campaign
        except USER_ERRORS as exc:  # the form ran the same checks: only permission can fail here
            self.message_user(request, error_text(exc), messages.ERROR)
            raise

    @admin.display(description=_("评选名称"), ordering="campaign__name")
    def round_name(self, obj):
        return obj.campaign.name

    @admin.display(description=_("年度"), ordering="campaign__year")
    def year(self, obj):
        return obj.campaign.year

    @admin.display(description=_("推荐期"))
    def window(self, obj):
        return f"{obj.nomination_start:%m.%d}—{obj.nomination_end:%m.%d}"

    @admin.display(description=_("推荐/待初审/表彰"))
    def counts(self, obj):
        return f"{obj.n_total} / {obj.n_waiting} / {obj.n_commended}"

    @admin.display(description=_("查看"))
    def links(self, obj):
        nominations = reverse("admin:exemplars_nomination_changelist") + f"?round__id__exact={obj.pk}"
        ranking = reverse("exemplars:ranking", args=[obj.pk])
        parts = [
            format_html('<a href="{}">{}</a>', nominations, _("推荐人选")),
            format_html('<a href="{}">{}</a>', ranking, _("排名")),
        ]
        if obj.stage == SelectionRound.Stage.PUBLICITY:
            parts.append(
                format_html(
                    '<a href="{}" target="_blank">{}</a>',
                    reverse("exemplars_public:publicity", args=[obj.pk]),
                    _("公示页"),
                )
            )
        return format_html(" | ".join(["{}"] * len(parts)), *parts)

    @admin.action(description=_("导出表彰名单（Word）"))
    def export_commendation_word(self, request, queryset):
        selection_round = queryset.first()
        if queryset.count() != 1:
            self.message_user(request, _("请只选择一个评选轮次"), messages.WARNING)
            return None
        nominations = selection_round.nominations.filter(status=NominationStatus.COMMENDED).order_by(
            "category", "nominee_name"
        )
        if not nominations:
            self.message_user(request, _("该轮评选还没有表彰人选"), messages.WARNING)
            return None
        office = f"{selection_round.campaign.region.name}文明办"
        honour = nominations[0].honour if hasattr(nominations[0], "honour") else None
        content = commendation_docx(
            selection_round, nominations, office_name=office, date=honour.conferred_on if honour else None
        )
        return docx_response(content, f"{selection_round.campaign.name}表彰名单.docx")
