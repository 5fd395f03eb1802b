"""The supplier's forms of its deviations: a corrective-action plan (what, who, by when), the report
that an accepted plan is carried out, and the filter of its list of deviations. A file of evidence is
sent with the kernel's ``base.evidence.EvidenceForm``."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin
from revisioner.models import Deviation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(OnceTokenMixin, forms.Form):
    """A new plan carries a one-time token (a double click sends one plan); a returned plan is
    changed in place (``action``) and sent again."""

    description = forms.CharField(
        label=_("Vad ni gör"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vilka åtgärder rättar till avvikelsen och hindrar att den händer igen?"),
    )
    owner = forms.CharField(
        label=_("Vem som ansvarar"), max_length=150, help_text=_("Namn och roll hos er som genomför åtgärden.")
    )
    due_on = forms.DateField(label=_("Klart senast"), widget=DATE)

    def __init__(self, *args, action=None, **kwargs):
        self.action = action
        if action is not None:
            kwargs.setdefault(
                "initial", {"description": action.description, "owner": action.owner, "due_on": action.due_on}
            )
        kwargs.setdefault("prefix", f"plan-{action.pk}" if action is not None else "plan")
        super().__init__(*args, **kwargs)

    def _creates(self) -> bool:
        return self.action is None

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("Datumet har redan passerat. Välj ett datum framåt i tiden."))
        return due_on


class ImplementedForm(forms.Form):
    """The accepted plan is carried out: what was done (the evidence goes with it, as files)."""

    note = forms.CharField(
        label=_("Vad ni har gjort"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Beskriv vad som är genomfört. Skicka underlag som visar det (filer nedan)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, action, **kwargs):
        kwargs.setdefault("prefix", f"genomford-{action.pk}")
        kwargs.setdefault("initial", {"version": action.version})
        super().__init__(*args, **kwargs)


class SupplierDeviationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Deviation.Status.choices, empty_label=_("Alla"))
    severity = django_filters.ChoiceFilter(
        label=_("Allvarlighetsgrad"), choices=Deviation.Severity.choices, empty_label=_("Alla")
    )

    class Meta:
        model = Deviation
        fields = ["status", "severity"]
