from django import forms
from django.utils.translation import gettext_lazy as _

from hallbar.dashboard import MANUAL_METRICS


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2010, max_value=2100)


class MetricValuesForm(forms.Form):
    """One field per hand-entered metric; an empty field means no figure for the year."""

    def __init__(self, *args, initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in MANUAL_METRICS:
            self.fields[key] = forms.IntegerField(
                label=label, min_value=0, required=False, initial=(initial_values or {}).get(key)
            )


class ReportTextForm(forms.Form):
    text = forms.CharField(
        label=_("Text i rapporten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Stycken skiljs med en tom rad."),
    )
    internal_note = forms.CharField(
        label=_("Intern anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Syns bara här, aldrig i rapporten."),
    )
