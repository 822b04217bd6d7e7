from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import validate_document, validate_image

from ..models import Level, TitleCategory


class NewApplicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("申报单位"), queryset=None)
    category = forms.ModelChoiceField(label=_("称号类别"), queryset=TitleCategory.objects.filter(is_active=True))
    level = forms.ChoiceField(label=_("级别"), choices=Level.choices, initial=Level.CITY)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year
        first = units.first() if units is not None else None
        if first is not None:
            self.fields["unit"].initial = first


class AttachmentForm(forms.Form):
    name = forms.CharField(label=_("附件名称"), max_length=200, required=False)
    file = forms.FileField(label=_("文件（PDF、Office文件、JPG/PNG）"), validators=[validate_document])


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("文件（PDF、Office文件、JPG/PNG）"), validators=[validate_document])
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class RecommendForm(forms.Form):
    category = forms.ModelChoiceField(label=_("拟创建称号"), queryset=TitleCategory.objects.filter(is_active=True))
    reason = forms.CharField(label=_("推荐理由"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PairingForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("结对村（社区）"), queryset=None)
    started_on = forms.DateField(label=_("结对日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    goals = forms.CharField(label=_("帮扶内容"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PairingRecordForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    content = forms.CharField(label=_("开展情况"), widget=forms.Textarea(attrs={"rows": 2}))
    people = forms.IntegerField(label=_("参与人次"), min_value=0, initial=0)
    photo = forms.FileField(label=_("照片（可选，JPG/PNG）"), required=False, validators=[validate_image])


class SelfAssessmentForm(forms.Form):
    """The liaison's self-assessment: summary, and points + description per criterion
    (`points_<criterion id>`, `desc_<criterion id>`); blank points count as 0."""

    summary = forms.CharField(label=_("创建工作简述"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items, **kwargs):
        from ..services import points_field

        super().__init__(*args, **kwargs)
        self.items = list(items)
        for i in self.items:
            self.fields[f"points_{i.criterion_id}"] = points_field(i.criterion, self_assessed=True, required=False)
            self.fields[f"desc_{i.criterion_id}"] = forms.CharField(required=False, widget=forms.Textarea)

    def rows(self):
        return [(i, self[f"points_{i.criterion_id}"], self[f"desc_{i.criterion_id}"]) for i in self.items]

    def service_items(self) -> dict:
        d, posted = self.cleaned_data, [i for i in self.items if self.add_prefix(f"points_{i.criterion_id}") in self.data]
        return {i.criterion_id: (d[f"points_{i.criterion_id}"], d[f"desc_{i.criterion_id}"]) for i in posted}


class ReviewScoreForm(forms.Form):
    """A reviewer's score per criterion (`score_<criterion id>`, all required) and comment."""

    comment = forms.CharField(label=_("评审意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        from ..services import points_field

        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"score_{c.pk}"] = points_field(c)

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}
