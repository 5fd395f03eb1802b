import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin, VersionedFormMixin
from base.widgets import SuggestInput
from krav.models import RequirementVersion
from regions.access import Role
from regions.models import ProcurementRegion, Region, User
from revisioner import access
from revisioner.identifiers import normalise_org_number
from revisioner.models import SWEDEN, Audit, AuditParticipant, Contract, CorrectiveAction, Deviation, Rating, Supplier
from revisioner.models.facilities import validate_os_id
from riskanalys.fields import CategoryField
from riskanalys.models import Category

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# How a suggestion reads (revisioner.views.suppliers.SupplierSuggestView): the name, then the identity.
SUGGESTION = re.compile(r"^.+\((?P<identifier>[^()]+)\)$")


def suggestion(name: str, identifier: str) -> str:
    return f"{name} ({identifier})"


class SupplierField(forms.CharField):
    """A supplier named by organisation number, country and identifier ("DE DE123"), number in
    the system (#12) or exact name or alias; the network has too many suppliers for a list, so
    the field suggests them as one types (``SuggestInput``, "Name (identity)", which it takes too)."""

    default_error_messages = {
        "unknown": _("Ingen leverantör heter eller har identiteten %(value)s."),
        "ambiguous": _("Flera leverantörer heter %(value)s; ange organisationsnummer."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Organisationsnummer, utländsk identitet eller namn."))
        kwargs.setdefault("widget", SuggestInput(reverse_lazy("supplier_suggest")))
        super().__init__(max_length=200, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            value = Supplier.objects.filter(pk=value).first()
        if isinstance(value, Supplier):
            return value.identifier
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        text = text.strip()
        suppliers = []
        # A suggestion picked from the list reads "Name (556677-8899)" or "Name (DE DE123)"; a name
        # that itself ends in brackets ("Abcur AB (publ)") is looked up as written.
        suggested = SUGGESTION.match(text)
        if suggested:
            suppliers = self.find(suggested["identifier"].strip())
        if not suppliers:
            suppliers = self.find(text)
        if not suppliers:
            raise ValidationError(self.error_messages["unknown"], code="unknown", params={"value": text})
        if len(suppliers) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        return suppliers[0]

    def find(self, text: str) -> list:
        """At most two suppliers that ``text`` names: two say it is ambiguous."""
        if text.startswith("#") and text[1:].isdigit():
            found = Supplier.objects.filter(pk=int(text[1:]))
        else:
            try:
                found = Supplier.objects.filter(org_number=normalise_org_number(text))
            except ValidationError:
                country, _space, identifier = text.partition(" ")
                found = Supplier.objects.filter(
                    Q(name__iexact=text)
                    | Q(aliases__name__iexact=text)
                    | Q(foreign_identifier__iexact=text)
                    | Q(country__iexact=country, foreign_identifier__iexact=identifier)
                ).distinct()
        return list(found[:2])


class SupplierForm(VersionedFormMixin, OnceTokenMixin, forms.ModelForm):
    """Adds a supplier (a one-time token: sent twice, it adds one) or changes one (the version the
    person saw: another's change in between is shown, not overwritten)."""

    once_model_field = "created_with"
    aliases = forms.CharField(
        label=_("Andra namn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ett per rad, t.ex. stavningar i publicerade listor."),
    )
    parent = SupplierField(label=_("Moderbolag"), required=False)
    allow_similar_name = forms.BooleanField(
        label=_("Det är ett annat företag än det med liknande namn"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Supplier
        fields = ["name", "country", "org_number", "foreign_identifier", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["aliases"].initial = "\n".join(self.instance.aliases.values_list("name", flat=True))

    def show_similar_name_confirmation(self):
        self.fields["allow_similar_name"].widget = forms.CheckboxInput()

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean_org_number(self):
        value = self.cleaned_data["org_number"].strip()
        return normalise_org_number(value) if value else ""

    def clean(self):
        data = super().clean()
        country = data.get("country")
        if country == SWEDEN and not data.get("org_number") and "org_number" not in self.errors:
            self.add_error("org_number", _("En svensk leverantör behöver organisationsnummer."))
        if country and country != SWEDEN and not data.get("foreign_identifier"):
            self.add_error(
                "foreign_identifier", _("En utländsk leverantör behöver momsregistreringsnummer eller annan identitet.")
            )
        if country and country != SWEDEN:
            data["org_number"] = ""
        return data

    def alias_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines() if line.strip()]


class MergeForm(forms.Form):
    target = SupplierField(label=_("Slå samman med (leverantören som blir kvar)"))


def _led_procurement_regions(user):
    return access.procurement_regions_for(user, ProcurementRegion.objects.order_by("letter"))


class ContractForm(VersionedFormMixin, OnceTokenMixin, forms.ModelForm):
    """Adds a contract (a one-time token) or changes one (the version the person saw)."""

    once_model_field = "created_with"
    supplier = SupplierField(label=_("Leverantör"))
    category = CategoryField(label=_("Inköpskategori"))

    class Meta:
        model = Contract
        fields = [
            "procurement_region",
            "reference",
            "title",
            "supplier",
            "category",
            "regions",
            "starts_on",
            "ends_on",
            "yearly_value",
            "requirement_versions",
        ]
        widgets = {
            "regions": forms.CheckboxSelectMultiple,
            "requirement_versions": forms.CheckboxSelectMultiple,
            "starts_on": DATE,
            "ends_on": DATE,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["procurement_region"].queryset = _led_procurement_regions(user)
        self.fields["regions"].queryset = Region.objects.order_by("name")
        self.fields["requirement_versions"].queryset = (
            RequirementVersion.objects.current().select_related("requirement").order_by("requirement__title")
        )

    def stored_form(self, current):
        return ContractForm(instance=current, user=self.user)


class AuditForm(VersionedFormMixin, OnceTokenMixin, forms.ModelForm):
    """Plans an audit (a one-time token: sent twice, it plans one) or changes a planned one (the
    version the person saw: another's change in between is shown, not overwritten)."""

    once_model_field = "created_with"
    supplier = SupplierField(label=_("Leverantör"))
    category = CategoryField(label=_("Inköpskategori"))
    follows_up = forms.IntegerField(
        label=_("Följer upp revision nummer"), required=False, help_text=_("För en återrevision.")
    )
    auditors = forms.ModelMultipleChoiceField(
        label=_("Revisorer"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    observers = forms.ModelMultipleChoiceField(
        label=_("Observatörer"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    facility_address = forms.CharField(
        label=_("Anläggningens adress"), required=False, max_length=300, help_text=_("För en fabriksrevision.")
    )
    facility_os_id = forms.CharField(
        label=_("OS ID i Open Supply Hub"),
        required=False,
        max_length=15,
        help_text=_("Anges när det är känt (t.ex. CN2019303BQ3FZP), så att andra inköpare kan hitta revisionen."),
    )
    external_auditors = forms.CharField(
        label=_("Externa revisorer"),
        required=False,
        help_text=_("Namn, ett per rad."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Audit
        fields = [
            "kind",
            "supplier",
            "category",
            "procurement_region",
            "participating_regions",
            "planned_on",
            "site",
            "country",
            "audit_firm",
            "internal_notes",
        ]
        widgets = {
            "participating_regions": forms.CheckboxSelectMultiple,
            "planned_on": DATE,
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["planned_on"].required = True
        self.fields["procurement_region"].queryset = _led_procurement_regions(user)
        self.fields["participating_regions"].queryset = Region.objects.order_by("name")
        people = (
            User.objects.filter(
                is_active=True, memberships__role__in=[Role.COORDINATOR, Role.SECRETARIAT, Role.REGION_CONTACT]
            )
            .distinct()
            .order_by("name")
        )
        self.fields["auditors"].queryset = people
        self.fields["observers"].queryset = people
        if self.instance.pk:
            self.fields["follows_up"].initial = self.instance.follows_up_id
            participants = list(self.instance.participants.all())
            self.fields["auditors"].initial = [
                p.user_id for p in participants if p.user_id and p.role != AuditParticipant.Role.OBSERVER
            ]
            self.fields["observers"].initial = [
                p.user_id for p in participants if p.user_id and p.role == AuditParticipant.Role.OBSERVER
            ]
            self.fields["external_auditors"].initial = "\n".join(p.name for p in participants if not p.user_id)
            if self.instance.facility_id:
                self.fields["facility_address"].initial = self.instance.facility.address
                self.fields["facility_os_id"].initial = self.instance.facility.os_id

    def stored_form(self, current):
        return AuditForm(instance=current, user=self.user)

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean_facility_os_id(self):
        os_id = self.cleaned_data["facility_os_id"].strip().upper()
        if os_id:
            validate_os_id(os_id)
        return os_id

    def facility(self) -> dict:
        """The factory the audit visits, as ``revisioner.services.facility_for`` takes it."""
        data = self.cleaned_data
        return {
            "name": data.get("site", ""),
            "address": data.get("facility_address", "").strip(),
            "country": data.get("country", ""),
            "os_id": data.get("facility_os_id", ""),
        }

    def clean_follows_up(self):
        number = self.cleaned_data.get("follows_up")
        if not number:
            return None
        # Only an audit the user may change: a re-audit reopens or verifies its deviations.
        followed = Audit.objects.editable_by(self.user).filter(pk=number).first()
        if followed is None:
            raise ValidationError(_("Revision nummer %(number)s finns inte."), params={"number": number})
        return followed

    def clean(self):
        data = super().clean()
        self.instance.follows_up = data.get("follows_up")
        if data.get("planned_on"):
            self.instance.year = data["planned_on"].year
        return data

    def participants(self):
        data = self.cleaned_data
        rows = [(user, "", AuditParticipant.Role.AUDITOR) for user in data["auditors"]]
        rows += [(user, "", AuditParticipant.Role.OBSERVER) for user in data["observers"]]
        rows += [(None, name.strip(), AuditParticipant.Role.AUDITOR) for name in data["external_auditors"].splitlines()]
        return [row for row in rows if row[0] or row[1]]


# A deviation's description is the finding shared with the supplier (its pages show it); rating a
# criterion as a deviation makes the rating's comment that description (revisioner.services.rate).
DEVIATION_DESCRIPTION_HELP = _("Leverantören ser beskrivningen av avvikelsen.")
RATING_COMMENT_HELP = _("Blir avvikelsens beskrivning, som leverantören ser, när bedömningen är en avvikelse.")


class RatingForm(forms.Form):
    """One rating (value, evidence, comment) per criterion of the audit's template. The comment of a
    rating that is a deviation becomes the deviation's description, which the supplier reads."""

    def __init__(self, *args, criteria, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            rating = ratings.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text,
                choices=Rating.Value.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=rating.value if rating else None,
            )
            self.fields[f"evidence_{criterion.pk}"] = forms.CharField(
                label=_("Underlag"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rating.evidence if rating else "",
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Kommentar"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rating.comment if rating else "",
                help_text=RATING_COMMENT_HELP,
            )

    def rows(self):
        """(criterion, value field, evidence field, comment field) for the template."""
        return [(c, self[f"value_{c.pk}"], self[f"evidence_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def ratings(self) -> dict:
        data = self.cleaned_data
        return {
            criterion: (
                data[f"value_{criterion.pk}"],
                data[f"evidence_{criterion.pk}"],
                data[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
            if data.get(f"value_{criterion.pk}")
        }


class DeviationForm(VersionedFormMixin, forms.ModelForm):
    """The severity and the description of a deviation: the description is what the supplier reads."""

    class Meta:
        model = Deviation
        fields = ["severity", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"description": DEVIATION_DESCRIPTION_HELP}


class CorrectiveActionForm(OnceTokenMixin, forms.ModelForm):
    once_model_field = "created_with"

    class Meta:
        model = CorrectiveAction
        fields = ["description", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_on": DATE}


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Sammanfattning för publicering"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Läses av andra inköpare och allmänheten. Skriv inget som ska vara internt."),
    )


class PlanEntryForm(forms.Form):
    """A row of the ranking added to the plan: ids from the row's button, the procurement region
    that will lead the audit (a coordinator's own), and the kind of audit."""

    supplier = forms.ModelChoiceField(queryset=Supplier.objects.all(), widget=forms.HiddenInput)
    category = forms.ModelChoiceField(queryset=Category.objects.all(), widget=forms.HiddenInput)
    procurement_region = forms.ModelChoiceField(label=_("Ansvarig upphandlingsregion"), queryset=None)
    kind = forms.ChoiceField(label=_("Typ"), choices=Audit.Kind.choices, initial=Audit.Kind.OFFICE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procurement_region"].queryset = _led_procurement_regions(user)
        self.fields["procurement_region"].error_messages["required"] = _("Välj ansvarig upphandlingsregion.")
        self.fields["supplier"].error_messages["required"] = _("Välj en rad i rankingen.")
        self.fields["category"].error_messages["required"] = _("Välj en rad i rankingen.")


# The supplier's side as the coordinators see it: contact persons, plans, verification ------------


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal on ``form``: next to the field it names when the form has that field,
    above the form otherwise (a service may name a field of the row the form does not show)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class SupplierContactForm(forms.Form):
    """A person at the supplier to invite as its contact person."""

    name = forms.CharField(label=_("Namn"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Inbjudan med länken för att välja lösenord skickas hit."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Befattning"), max_length=150, required=False)


class PlanReviewForm(forms.Form):
    """The coordinator's answer to a plan the supplier proposed: accept it, or return it with a comment."""

    ACCEPT, RETURN = "accept", "return"

    decision = forms.ChoiceField(choices=[(ACCEPT, _("Godkänn")), (RETURN, _("Returnera"))])
    comment = forms.CharField(
        label=_("Kommentar till leverantören"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när planen returneras: skriv vad leverantören behöver ändra. Leverantören läser den."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", _("Skriv vad leverantören behöver ändra."))
        return data


class DeskVerificationForm(forms.Form):
    """The verifier's word on the supplier's evidence, closing the deviation at the desk."""

    effectiveness_note = forms.CharField(
        label=_("Bedömning av åtgärdens effektivitet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad visar underlaget, och fungerar åtgärden? Leverantören läser bedömningen."),
        error_messages={"required": _("Skriv din bedömning av åtgärdens effektivitet.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class DeviationCheckForm(forms.Form):
    """A re-audit's finding on a deviation of the audit it follows up: the optional effectiveness note."""

    effectiveness_note = forms.CharField(
        label=_("Bedömning av åtgärdens effektivitet (frivillig)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
