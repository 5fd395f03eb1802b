from django import forms
from django.utils.translation import gettext_lazy as _

from base.registry import metrics_in_order
from hallbar.dashboard import MANUAL_METRICS
from hallbar.models import Goal


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2010, max_value=2100)


class ReportStartForm(YearForm):
    """The year of the report and, if the secretariat has set it, the day it is published (its cover's
    date): after the year the report is about, since the report gives the whole year."""

    published_on = forms.DateField(
        label=_("Publiceringsdag"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Skrivs på omslaget. Tomt: dagen då rapporten skapas."),
    )

    def clean(self):
        cleaned = super().clean()
        year, published_on = cleaned.get("year"), cleaned.get("published_on")
        if year and published_on and published_on.year <= year:
            self.add_error(
                "published_on",
                _("Rapporten för %(year)s kan publiceras tidigast 1 januari %(next)s.")
                % {"year": year, "next": year + 1},
            )
        return cleaned


class MetricValuesForm(forms.Form):
    """One field per hand-entered metric; an empty field means no figure for the year."""

    LOWER_BOUND = "%s_lower_bound"

    def __init__(self, *args, initial_values=None, initial_lower_bounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in MANUAL_METRICS:
            self.fields[key] = forms.IntegerField(
                label=label, min_value=0, required=False, initial=(initial_values or {}).get(key)
            )
            self.fields[self.LOWER_BOUND % key] = forms.BooleanField(
                label=_("%(label)s: nedre gräns (skrivs ”över N”)") % {"label": label},
                required=False,
                initial=key in initial_lower_bounds,
            )

    def values(self) -> dict[str, int | None]:
        return {key: self.cleaned_data[key] for key, _label in MANUAL_METRICS}

    def lower_bounds(self) -> set[str]:
        return {key for key, _label in MANUAL_METRICS if self.cleaned_data[self.LOWER_BOUND % key]}


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


def metric_choices():
    """The registered metrics a goal may be measured by, and none (judged in words)."""
    return [("", _("Inget mätvärde (bedöms i text)"))] + [(m.key, m.label) for m in metrics_in_order()]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["start_year", "end_year", "area", "text", "text_en", "kind", "target", "metric", "order"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "text_en": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"] = forms.ChoiceField(
            label=_("Mätvärde"), choices=metric_choices(), required=False, help_text=_("Det som mäter utfallet.")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") in (Goal.Kind.MIN_COUNT, Goal.Kind.MIN_TOTAL) and cleaned.get("target") is None:
            self.add_error("target", _("Ange målvärdet: målet räknar ett antal."))
        return cleaned


class GoalAssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("Bedömning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort text som skrivs i rapportens kapitel Mål och utfall. Lämna tomt om ingen bedömning finns."),
    )
