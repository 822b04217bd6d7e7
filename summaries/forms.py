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


class NarrativesForm(forms.Form):
    """One textarea per part of the summary (summaries.text.narrative_sections)."""

    def __init__(self, *args, initial_texts: dict, **kwargs):
        from .text import narrative_sections

        super().__init__(*args, **kwargs)
        for key, label in narrative_sections():
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=4000,
                initial=initial_texts.get(key, ""),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
            )
