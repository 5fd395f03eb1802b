from django import forms
from django.utils.translation import gettext_lazy as _

from regions.access import NATIONAL_ROLES, PROCUREMENT_REGION_ROLES, REGION_ROLES, Role
from regions.models import (
    MESSAGE_CONTACT_NEEDS_REGION,
    MESSAGE_COORDINATOR_NEEDS_PROCUREMENT_REGION,
    MESSAGE_NATIONAL_ROLE,
    MESSAGE_REGION_OR_PROCUREMENT_REGION,
    Membership,
    ProcurementRegion,
    User,
)


class MembershipForm(forms.ModelForm):
    """A role and where it holds, with the rules of Membership's constraints as readable messages."""

    class Meta:
        model = Membership
        fields = ["role", "region", "procurement_region", "organisation"]
        help_texts = {
            "region": _("Krävs för kontaktpersoner; valfritt för ekonomi."),
            "procurement_region": _("Krävs för regionala samordnare."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A supplier's contact person is invited from the supplier's page, which says for which supplier.
        self.fields["role"].choices = [
            choice for choice in self.fields["role"].choices if choice[0] != Role.SUPPLIER_CONTACT
        ]
        self.fields["region"].queryset = self.fields["region"].queryset.select_related("procurement_region")

    def clean(self):
        cleaned = super().clean()
        role, region, procurement_region = (
            cleaned.get("role"),
            cleaned.get("region"),
            cleaned.get("procurement_region"),
        )
        if region and procurement_region:
            self.add_error("procurement_region", MESSAGE_REGION_OR_PROCUREMENT_REGION)
        if role in PROCUREMENT_REGION_ROLES and not procurement_region:
            self.add_error("procurement_region", MESSAGE_COORDINATOR_NEEDS_PROCUREMENT_REGION)
        if role in REGION_ROLES and not region:
            self.add_error("region", MESSAGE_CONTACT_NEEDS_REGION)
        if role in NATIONAL_ROLES and (region or procurement_region):
            self.add_error("role", MESSAGE_NATIONAL_ROLE)
        return cleaned

    def validate_unique(self):
        # The user is set by the view after validation; uniqueness is checked in the service.
        pass


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "email", "title"]


class EmployingRegionForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["employing_region"]


class PersonFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("Alla")),
        ("active", _("Aktiva")),
        ("invited", _("Inbjudna, ej aktiverade")),
        ("inactive", _("Inaktiverade")),
    ]
    SORT_CHOICES = [
        ("name", _("Namn")),
        ("email", _("E-post")),
        ("-date_joined", _("Senast tillagda")),
    ]

    q = forms.CharField(label=_("Sök namn eller e-post"), required=False)
    role = forms.ChoiceField(label=_("Roll"), choices=[("", _("Alla")), *Role.choices], required=False)
    procurement_region = forms.ModelChoiceField(
        label=_("Upphandlingsregion"), queryset=ProcurementRegion.objects.all(), required=False, empty_label=_("Alla")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sortering"), choices=SORT_CHOICES, required=False)
