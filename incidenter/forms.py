from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin, VersionedFormMixin
from incidenter.access import CASE_ROLES, lead_regions_for, must_name_lead_region
from incidenter.models import Allegation, Incident, InvolvedParty, Outcome, TimelineAttachment, TimelineEntry
from regions.models import Organisation, Region, User
from revisioner.forms import SupplierField
from revisioner.models import Audit, Contract
from riskanalys.models import Category, validate_attachment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def lead_regions(user):
    """The regions a person may name as lead (incidenter.access.lead_regions_for), by name."""
    return lead_regions_for(user, Region.objects.order_by("name"))


class IncidentForm(VersionedFormMixin, OnceTokenMixin, forms.ModelForm):
    """Opens a case (a one-time token: sent twice, it opens one) or changes one (the version the
    person saw: another's change in between is shown, not overwritten)."""

    once_model_field = "created_with"
    allegations = forms.MultipleChoiceField(
        label=_("Misstankar"), choices=Allegation.choices, widget=forms.CheckboxSelectMultiple
    )
    supplier = SupplierField(label=_("Leverantör"), required=False)

    class Meta:
        model = Incident
        fields = [
            "title",
            "allegations",
            "source",
            "source_reference",
            "supplier",
            "category",
            "product_area",
            "lead_region",
            "participating_regions",
            "partner_organisations",
            "visibility",
            "opened_on",
            "description",
        ]
        widgets = {
            "opened_on": DATE,
            "visibility": forms.RadioSelect,
            "participating_regions": forms.CheckboxSelectMultiple,
            "partner_organisations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"].queryset = Category.objects.order_by("path")
        self.fields["lead_region"].queryset = lead_regions(user)
        if must_name_lead_region(user):
            self.fields["lead_region"].required = True
            self.fields["lead_region"].help_text = ""
        self.fields["participating_regions"].queryset = Region.objects.order_by("name")
        self.fields["partner_organisations"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            # Parties are added on the case page; confidentiality changes only by sharing the case.
            del self.fields["supplier"], self.fields["visibility"]
            self.fields["allegations"].initial = [allegation.kind for allegation in self.instance.allegations.all()]
            if self.instance.lead_region_id:
                self.fields["lead_region"].queryset = (
                    self.fields["lead_region"].queryset | Region.objects.filter(pk=self.instance.lead_region_id)
                ).distinct()

    def stored_form(self, current):
        return IncidentForm(instance=current, user=self.user)


class PartyForm(forms.ModelForm):
    prefix = "party"  # several forms share the case page

    supplier = SupplierField(label=_("Leverantör i registret"), required=False)

    class Meta:
        model = InvolvedParty
        fields = ["role", "supplier", "name", "country", "site"]

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean(self):
        data = super().clean()
        if not data.get("supplier") and not data.get("name"):
            raise ValidationError(
                _("Ange en leverantör i registret, eller namnet på underleverantören eller fabriken.")
            )
        return data


class TimelineEntryForm(forms.ModelForm):
    prefix = "timeline"  # several forms share the case page

    attachment = forms.FileField(
        label=_("Bilaga"),
        required=False,
        validators=[validate_attachment],
        help_text=_("PDF, DOCX eller XLSX, högst 10 MB."),
    )

    class Meta:
        model = TimelineEntry
        fields = ["kind", "occurred_on", "who", "text", "follow_up_on", "attachment"]
        widgets = {"occurred_on": DATE, "follow_up_on": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def attachments(self) -> list[TimelineAttachment]:
        upload = self.cleaned_data.get("attachment")
        return [TimelineAttachment(file=upload, name=upload.name[:200])] if upload else []


def case_contracts(incident, user):
    """Contracts a case may touch: those of its suppliers, and those it already names."""
    suppliers = incident.parties.filter(supplier__isnull=False).values("supplier_id")
    return (
        Contract.objects.visible_to(user)
        .filter(Q(supplier__in=suppliers) | Q(incidents=incident))
        .select_related("supplier")
        .distinct()
        .order_by("reference")
    )


class OutcomeForm(forms.ModelForm):
    prefix = "outcome"  # several forms share the case page

    class Meta:
        model = Outcome
        fields = ["kind", "decided_on", "contract", "region", "description"]
        widgets = {"decided_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, incident, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = case_contracts(incident, user)
        self.fields["region"].queryset = Region.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Outcome.Kind.CONTRACT_TERMINATED:
            contract, region = data.get("contract"), data.get("region")
            if not contract:
                self.add_error("contract", _("Ange vilket avtal som hävdes."))
            if not region:
                self.add_error("region", _("Ange vilken region som hävde avtalet."))
            if contract and region:
                regions = {r.pk for r in contract.regions.all()}
                if regions and region.pk not in regions:
                    self.add_error("region", _("%(region)s är inte part i avtalet.") % {"region": region})
        return data


class ContractLinkForm(forms.Form):
    prefix = "contract"  # several forms share the case page

    contract = forms.ModelChoiceField(label=_("Avtal"), queryset=Contract.objects.none())

    def __init__(self, *args, incident, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = case_contracts(incident, user)


class AuditLinkForm(forms.Form):
    prefix = "audit"  # several forms share the case page

    audit = forms.IntegerField(label=_("Revisionens nummer"), min_value=1)

    def __init__(self, *args, incident, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_audit(self):
        audit = Audit.objects.visible_to(self.user).filter(pk=self.cleaned_data["audit"]).first()
        if audit is None:
            raise ValidationError(_("Ingen revision med det numret."))
        return audit


class ParticipantForm(forms.Form):
    prefix = "participant"  # several forms share the case page

    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())

    def __init__(self, *args, incident, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, memberships__role__in=CASE_ROLES)
            .exclude(incident_participations__incident=incident)
            .distinct()
            .order_by("name")
        )


class CloseForm(forms.Form):
    prefix = "close"  # several forms share the case page

    summary = forms.CharField(
        label=_("Sammanfattning för publicering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Verksamhetsrapporten återger bara den här texten. Skriv inget som inte får publiceras."),
    )
    closed_on = forms.DateField(label=_("Avslutat"), widget=DATE, required=False)


class SummaryForm(forms.Form):
    prefix = "summary"  # several forms share the case page

    summary = forms.CharField(
        label=_("Sammanfattning för publicering"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Verksamhetsrapporten återger texten när ärendet är avslutat eller delas med nätverket."),
    )
