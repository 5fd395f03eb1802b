from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin
from ekonomi.models import Budget, Cost, FiscalYear


class FiscalYearForm(OnceTokenMixin, forms.ModelForm):
    """A new fiscal year; sent twice, it opens one."""

    once_model_field = "created_with"

    class Meta:
        model = FiscalYear
        fields = ["year", "population_year", "opening_balance", "opening_balance_note"]
        help_texts = {
            "population_year": _("Året vars befolkning avgiften fördelas efter, vanligen året före."),
            "opening_balance": _("I hela kronor. Sätts av bokslutet för föregående år när det stängs."),
        }


class AllocationForm(forms.Form):
    total = forms.IntegerField(
        label=_("Totalbelopp att fördela (kr)"), min_value=0, required=False, help_text=_("T.ex. 10 000 000.")
    )
    per_inhabitant = forms.DecimalField(
        label=_("eller: belopp per invånare (kr)"), min_value=0, max_digits=8, decimal_places=4, required=False
    )
    reason = forms.CharField(
        label=_("Skäl till ändringen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när fördelningen redan är fastställd; sparas i historiken."),
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("total") is None) == (cleaned.get("per_inhabitant") is None):
            raise forms.ValidationError(_("Ange antingen ett totalbelopp eller ett belopp per invånare."))
        return cleaned


class CostForm(forms.ModelForm):
    class Meta:
        model = Cost
        fields = ["date", "cost_line", "amount", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "kostnad_%s")  # the year's page has the budget's cost line and amount too
        super().__init__(*args, **kwargs)


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ["cost_line", "amount"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "budget_%s")  # the year's page has the cost's cost line and amount too
        super().__init__(*args, **kwargs)

    def validate_unique(self):
        # set_budget updates the line's budget if it exists
        pass


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med befolkning (CSV eller XLSX)"),
        help_text=_("Kolumnerna region (länskod eller namn), year och population, som i SCB:s tabell per län."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är större än 2 MB."))
        if not file.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Filen måste vara CSV eller XLSX."))
        return file
