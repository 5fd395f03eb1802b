from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin, RadioChoicesMixin
from krav.models import ConsultationResponse, PriorityEntry, Requirement, Uptake, VersionAttachment
from riskanalys.models import Category


class RequirementForm(OnceTokenMixin, forms.ModelForm):
    """A new requirement and its first version's text; sent twice, it proposes one."""

    once_model_field = "created_with"
    text = forms.CharField(label=_("Kravtext"), widget=forms.Textarea(attrs={"rows": 5}))
    verification = forms.CharField(
        label=_("Så verifieras kravet"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    guidance = forms.CharField(label=_("Vägledning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_url = forms.URLField(label=_("Länk till kriteriebiblioteket"), required=False, assume_scheme="https")

    class Meta:
        model = Requirement
        fields = ["title", "kind", "level", "categories", "general", "source_library_id", "source_url", "responsible"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.get_tree()


class ResponseForm(RadioChoicesMixin, forms.ModelForm):
    class Meta:
        model = ConsultationResponse
        fields = ["answer", "text"]
        widgets = {"answer": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}


class UptakeForm(RadioChoicesMixin, forms.ModelForm):
    class Meta:
        model = Uptake
        fields = ["used", "since", "comment"]
        widgets = {"used": forms.RadioSelect, "since": forms.DateInput(attrs={"type": "date"})}


class MatrixFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), required=False, empty_label=_("Alla")
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=[("", _("Alla")), *Requirement.Kind.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(requirements__isnull=False).distinct()


class VersionAttachmentForm(forms.ModelForm):
    class Meta:
        model = VersionAttachment
        fields = ["file", "name"]
        help_texts = {"file": _("PDF, DOCX eller XLSX, högst 10 MB.")}


class PriorityEntryForm(forms.ModelForm):
    """A place on the priority list: the period, the place and the requirement to develop."""

    class Meta:
        model = PriorityEntry
        fields = ["start_year", "end_year", "position", "requirement", "status"]
        help_texts = {"status": _("T.ex. Påbörjat, Remiss hösten 2025.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = Requirement.objects.order_by("title")
        self.fields["requirement"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("Perioden slutar före den börjar."))
        return cleaned
