from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActivityKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class EvidenceForm(forms.Form):
    text = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    links = forms.CharField(label=_("相关链接（每行一个）"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    files = MultipleFileField(label=_("上传文件（可多选：PDF、Word、Excel、图片等）"))

    def clean_links(self):
        from django.core.validators import URLValidator

        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        check = URLValidator(message=_("链接格式不正确"))
        for line in lines:
            check(line)
        return "\n".join(lines)


class RectificationAnswerForm(forms.Form):
    text = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(label=_("佐证文件（照片或文档，可选）"), required=False)


class ActivityForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("主办单位"), queryset=None)
    campaign = forms.ModelChoiceField(label=_("所属创建活动"), queryset=None)
    title = forms.CharField(label=_("活动名称"), max_length=120)
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    date = forms.DateField(label=_("活动日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("活动地点"), max_length=200)
    participants = forms.IntegerField(label=_("参与人数"), min_value=1, max_value=1_000_000)
    description = forms.CharField(label=_("活动简介"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    photos = MultipleFileField(label=_("活动照片（可多选，jpg/png）"))

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["campaign"].queryset = campaigns
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
