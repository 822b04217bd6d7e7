from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scoping import regions_visible, user_region_code
from units.models import Region


class SummaryRequestForm(forms.Form):
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = regions_visible(user).filter(level__lte=Region.Level.COUNTY)
        self.fields["region"].queryset = regions
        self.fields["region"].initial = regions.filter(code=user_region_code(user)).first()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].max_value = timezone.localdate().year + 1
