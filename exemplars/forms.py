"""Forms of the portal and public pages; rules stay in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.models import Region

from .models import NominationFile, ReviewVote, Sex
from .services.reviews import MAX_SCORE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class NominationForm(forms.Form):
    category = forms.ChoiceField(label=_("推荐类别"))
    nominee_name = forms.CharField(label=_("被推荐人姓名"), max_length=32)
    sex = forms.ChoiceField(label=_("性别"), choices=[("", "—")] + list(Sex.choices), required=False)
    age = forms.IntegerField(label=_("年龄"), min_value=1, max_value=120, required=False)
    id_number = forms.CharField(
        label=_("身份证号"), max_length=20, required=False, help_text=_("填写后自动核对性别和年龄")
    )
    unit_or_address = forms.CharField(label=_("工作单位或住址"), max_length=120)
    region = forms.ModelChoiceField(label=_("所在县（市、区）"), queryset=Region.objects.none())
    deeds = forms.CharField(label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)
    deeds_summary = forms.CharField(
        label=_("简要事迹（公示用）"), max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = MultipleFileField(label=_("照片"), help_text=_("jpg/png，最多6张"))
    documents = MultipleFileField(label=_("证明材料"), help_text=_("pdf/doc/docx/jpg/png，最多6个"))

    def __init__(self, *args, selection_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.selection_round = selection_round
        self.fields["category"].choices = [(c, c) for c in selection_round.categories]
        root = selection_round.campaign.region
        areas = Region.objects.filter(code__startswith=root.code, level__lte=Region.Level.COUNTY).order_by("code")
        self.fields["region"].queryset = areas

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        return {k: v for k, v in data.items() if k not in ("photos", "documents", "website", "unit")}

    def files_for_service(self) -> list:
        return [(NominationFile.Kind.PHOTO, f) for f in self.cleaned_data.get("photos") or []] + [
            (NominationFile.Kind.DOCUMENT, f) for f in self.cleaned_data.get("documents") or []
        ]

    def add_service_errors(self, exc) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class UnitNominationForm(NominationForm):
    unit = forms.ModelChoiceField(label=_("推荐单位"), queryset=None)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.order_fields(["unit"])
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class PublicNominationForm(NominationForm):
    nominator_name = forms.CharField(label=_("推荐人姓名"), max_length=32)
    nominator_phone = forms.RegexField(
        label=_("推荐人手机号"), regex=r"^1\d{10}$", error_messages={"invalid": _("请填写11位手机号")}
    )
    # Honeypot: hidden from people by CSS; bots fill it in.
    website = forms.CharField(label=_("网址"), required=False)


class ReviewForm(forms.Form):
    score = forms.DecimalField(
        label=_("评分（0-100）"), min_value=0, max_value=MAX_SCORE, decimal_places=1, required=False
    )
    vote = forms.ChoiceField(label=_("表决"), choices=[("", "—")] + list(ReviewVote.choices), required=False)
    comment = forms.CharField(label=_("评审意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
