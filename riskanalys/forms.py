from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin, VersionedFormMixin
from riskanalys.access import categories_for_analyses_of, writes_for_every_procurement_region
from riskanalys.models import Activity, Attachment, Category, Dimension, RiskAnalysis

SCALE = [(value, str(value)) for value in range(1, 6)]


class RiskAnalysisForm(VersionedFormMixin, OnceTokenMixin, forms.ModelForm):
    """The analysis and its risk matrix: likelihood and severity 1–5 for each dimension. A new
    one carries a one-time token (sent twice, it creates one); a draft changed carries the version
    the person saw (another's change in between, matrix included, is shown, not overwritten)."""

    once_model_field = "created_with"

    class Meta:
        model = RiskAnalysis
        fields = [
            "kind", "year", "category", "product_area", "procurement_region", "responsible_regions",
            "responsible_organisations",
            "method_summary", "stage_raw_material", "stage_components", "stage_manufacturing",
            "stage_distribution", "production_countries", "conclusions", "recommended_requirements",
        ]  # fmt: skip
        widgets = {
            "responsible_regions": forms.CheckboxSelectMultiple,
            "responsible_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if not writes_for_every_procurement_region(user):
            del self.fields["procurement_region"]  # a coordinator writes for their own
        self.fields["category"].queryset = categories_for_analyses_of(user, Category.objects.get_tree())
        self.fields["category"].label_from_instance = lambda category: "— " * (category.depth - 1) + category.name
        assessments = {a.dimension: a for a in self.instance.assessments.all()} if self.instance.pk else {}
        for dimension, label in Dimension.choices:
            existing = assessments.get(dimension)
            self.fields[f"{dimension}_likelihood"] = forms.TypedChoiceField(
                label=_("%(dimension)s: sannolikhet") % {"dimension": label},
                choices=[("", "–"), *SCALE], coerce=int, required=False,
                initial=existing.likelihood if existing else None,
            )  # fmt: skip
            self.fields[f"{dimension}_severity"] = forms.TypedChoiceField(
                label=_("%(dimension)s: allvarlighet") % {"dimension": label},
                choices=[("", "–"), *SCALE], coerce=int, required=False,
                initial=existing.severity if existing else None,
            )  # fmt: skip
            self.fields[f"{dimension}_comment"] = forms.CharField(
                label=_("%(dimension)s: kommentar") % {"dimension": label},
                required=False, max_length=300, initial=existing.comment if existing else "",
            )  # fmt: skip
        if self.instance.pk is not None:  # the matrix too sends back the values the person started from
            for dimension, _label in Dimension.choices:
                for part in ("likelihood", "severity", "comment"):
                    self.fields[f"{dimension}_{part}"].show_hidden_initial = True

    def stored_form(self, current):
        return type(self)(instance=current, user=self.user)

    def clean(self):
        cleaned = super().clean()
        for dimension, _label in Dimension.choices:
            likelihood, severity = cleaned.get(f"{dimension}_likelihood"), cleaned.get(f"{dimension}_severity")
            if (likelihood in (None, "")) != (severity in (None, "")):
                self.add_error(
                    f"{dimension}_severity", _("Ange både sannolikhet och allvarlighet, eller ingen av dem.")
                )
        return cleaned

    def assessments(self) -> dict[str, tuple[int, int, str]]:
        data = self.cleaned_data
        return {
            dimension: (data[f"{dimension}_likelihood"], data[f"{dimension}_severity"], data[f"{dimension}_comment"])
            for dimension, _label in Dimension.choices
            if data.get(f"{dimension}_likelihood") not in (None, "")
        }

    def matrix_rows(self):
        return [
            (label, self[f"{dimension}_likelihood"], self[f"{dimension}_severity"], self[f"{dimension}_comment"])
            for dimension, label in Dimension.choices
        ]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields if name in self.fields]


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "name"]
        help_texts = {"file": _("PDF, DOCX eller XLSX, högst 10 MB.")}


class ActivityForm(OnceTokenMixin, forms.ModelForm):
    """A new activity of an action plan; sent twice, it adds one."""

    once_model_field = "created_with"

    class Meta:
        model = Activity
        fields = ["title", "owner", "due_date", "status", "categories"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}


class MoveCategoryForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Ny överordnad kategori"), queryset=Category.objects.none(), required=False,
        empty_label=_("(högsta nivån)"),
    )  # fmt: skip

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.get_tree().exclude(path__startswith=category.path)


class MergeCategoryForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Slå ihop med"), queryset=Category.objects.none())

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Category.objects.get_tree().exclude(path__startswith=category.path)


class PriorityForm(forms.Form):
    start_year = forms.IntegerField(label=_("Från år"), min_value=2010, max_value=2100)
    end_year = forms.IntegerField(label=_("Till och med år"), min_value=2010, max_value=2100)
    reason = forms.CharField(label=_("Skäl"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
