from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from units.models import Region

from .models import EventCategory, PoliticalStatus, ServiceEvent, Team, Volunteer

CONSENT_TEXT = _(
    "本人自愿注册成为志愿者，同意本平台收集本人的姓名、身份证号、手机号码、政治面貌、所在区划和技能特长，"
    "用于志愿者实名登记、审核、活动招募与联系、服务时长记录及出具志愿服务记录证明。"
    "身份证号和手机号码在页面和导出中均作脱敏显示，仅经授权的工作人员可查看明文，且每次查看均留有记录。"
    "上述信息在本人注销志愿者身份后保存不超过3年，期满删除或匿名化；本人可随时联系所在队伍查询、更正或申请注销。"
)


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=32)
    id_number = forms.CharField(label=_("身份证号"), max_length=24, help_text=_("18位，末位X可大写或小写"))
    sex = forms.ChoiceField(label=_("性别"), choices=[("男", _("男")), ("女", _("女"))], widget=forms.RadioSelect)
    birth_date = forms.DateField(label=_("出生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=PoliticalStatus.choices)
    region = forms.ModelChoiceField(label=_("所在区县"), queryset=Region.objects.none())
    team = forms.ModelChoiceField(
        label=_("加入队伍"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("暂不选择，由所在区县文明办分配"),
    )
    skills = forms.CharField(
        label=_("技能特长"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：医疗救护、心理咨询、法律、摄影")}),
    )
    consent = forms.BooleanField(label=_("我已阅读并同意上述个人信息处理说明"), required=False)
    # Anti-flooding: a field people never see, and a signed form-render time.
    website = forms.CharField(
        required=False, label=_("网址"), widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, regions=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["team"].queryset = teams
        self.fields["team"].label_from_instance = lambda t: f"{t.region.name} · {t.name}"
        if not self.is_bound:
            self.initial["token"] = signing.dumps({"t": __import__("time").time()}, salt="volunteer-register")


class EventForm(forms.ModelForm):
    class Meta:
        model = ServiceEvent
        fields = ["team", "title", "category", "starts_at", "ends_at", "place", "places", "description"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["category"].choices = EventCategory.choices
        first_two = list(teams[:2])
        if len(first_two) == 1:  # a leader of one team: nothing to choose
            self.fields["team"].empty_label = None
            self.initial.setdefault("team", first_two[0].pk)


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或身份证号"), required=False)
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("队伍"), queryset=Team.objects.none(), required=False)
    political_status = forms.ChoiceField(
        label=_("政治面貌"), choices=[("", _("全部"))] + PoliticalStatus.choices, required=False
    )
    star = forms.TypedChoiceField(
        label=_("星级"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("全部"))] + [(i, f"{i}★") for i in range(0, 6)],
    )
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部"))] + Volunteer.Status.choices, required=False)
    registered_from = forms.DateField(
        label=_("注册日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    registered_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, regions=None, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["team"].queryset = teams


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("导入内容"),
        choices=[("volunteers.volunteers", _("志愿者名册")), ("volunteers.records", _("服务时长记录"))],
    )
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class RequestForm(forms.Form):
    title = forms.CharField(label=_("需求标题"), max_length=120)
    category = forms.ChoiceField(label=_("服务类别"), choices=EventCategory.choices)
    description = forms.CharField(label=_("需求内容"), widget=forms.Textarea(attrs={"rows": 4}))
    requester = forms.CharField(label=_("需求方（个人或社区）"), max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)
    region = forms.ModelChoiceField(label=_("所在区县"), queryset=Region.objects.none())
    address = forms.CharField(label=_("服务地点"), max_length=200, required=False)
    wanted_on = forms.DateField(label=_("期望服务日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class EventHoursForm(forms.Form):
    """One hours field per signed-up volunteer (`hours_<volunteer id>`); blank or 0 = did not take part."""

    def __init__(self, *args, signups, **kwargs):
        from .services.hours import hours_field

        super().__init__(*args, **kwargs)
        for s in signups:
            self.fields[f"hours_{s.volunteer_id}"] = hours_field(allow_zero=True, label=s.volunteer.name)

    def hours(self) -> dict[int, object]:
        """{volunteer id: hours} for the fields that were posted (others stay as they are)."""
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if self.add_prefix(name) in self.data
        }


class RequestTeamForm(forms.Form):
    """Which of the user's teams takes a not-yet-matched request (?team= or the posted team)."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams

    def chosen(self):
        return (self.cleaned_data.get("team") if self.is_valid() else None) or self.fields["team"].queryset.first()


class RequestMatchForm(forms.Form):
    volunteers = forms.ModelMultipleChoiceField(
        label=_("志愿者"), queryset=Volunteer.objects.none(), error_messages={"required": _("请至少选择一名志愿者")}
    )

    def __init__(self, *args, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = volunteers


class RequestCloseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from .services.hours import hours_field

        super().__init__(*args, **kwargs)
        self.fields["hours"] = hours_field(label=_("每人服务时长(小时)"))
