"""The coordinators' forms: sending a questionnaire to one supplier or to many, and reviewing an answer."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.forms import OnceTokenMixin, VersionedFormMixin
from regions.models import ProcurementRegion
from revisioner.access import procurement_regions_for
from revisioner.forms import SupplierField
from revisioner.models import Deviation, Supplier
from riskanalys.fields import CategoryField
from riskanalys.models import Category
from sjalvskattning.models import Answer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DAYS_TO_ANSWER = 30


def default_due_on() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=DAYS_TO_ANSWER)


def _led_procurement_regions(user):
    """The procurement regions ``user`` sends for and reviews in (revisioner.access)."""
    return procurement_regions_for(user, ProcurementRegion.objects.order_by("letter"))


class _SendingMixin:
    """The procurement region (one the sender leads: preselected when there is only
    one) and the due date."""

    def _set_sending_fields(self, user):
        regions = self.fields["procurement_region"]
        regions.queryset = _led_procurement_regions(user)
        led = list(regions.queryset[:2])
        if len(led) == 1:
            regions.initial = led[0].pk
        self.fields["due_on"].initial = default_due_on

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on is not None and due_on < timezone.localdate():
            raise ValidationError(_("Sista svarsdag kan inte ha passerat."))
        return due_on


class SendForm(_SendingMixin, OnceTokenMixin, forms.Form):
    """Send the adopted template's questionnaire to one supplier (a one-time token: sent twice, it
    sends once)."""

    supplier = SupplierField(label=_("Leverantör"))
    category = CategoryField(label=_("Inköpskategori"), help_text=_("Vad leverantören levererar."))
    procurement_region = forms.ModelChoiceField(
        label=_("Granskande upphandlingsregion"),
        queryset=ProcurementRegion.objects.none(),
        help_text=_("Samordnarna i den upphandlingsregionen granskar svaren."),
    )
    due_on = forms.DateField(label=_("Svar senast"), widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_sending_fields(user)


def parse_row(text: str) -> tuple[int, int | None] | None:
    """A row of the plan or the ranking as posted: "<supplier id>" or "<supplier id>:<category id>"."""
    supplier, _colon, category = str(text).strip().partition(":")
    if not supplier.isdigit() or (category and not category.isdigit()):
        return None
    return int(supplier), int(category) if category else None


class RowsField(forms.Field):
    """The picked rows, as posted (one hidden input each on the preview): [(supplier id, category id or None)]."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Välj minst en leverantör."),
        "invalid": _("En rad kunde inte läsas. Välj leverantörerna igen."),
    }

    def to_python(self, value):
        return [str(item) for item in value or [] if str(item).strip()]

    def validate(self, value):
        super().validate(value)
        if any(parse_row(item) is None for item in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class BulkSendForm(_SendingMixin, forms.Form):
    """The suppliers picked on the audit plan or the ranking (``supplier``: one value per row, with
    the row's category) and, once confirmed, the due date and the reviewing procurement region.
    A supplier picked twice (in two categories) is asked once, for the first row's category."""

    supplier = RowsField(label=_("Leverantörer"))
    category = CategoryField(label=_("Inköpskategori för rader utan kategori"), required=False)
    procurement_region = forms.ModelChoiceField(
        label=_("Granskande upphandlingsregion"),
        queryset=ProcurementRegion.objects.none(),
        help_text=_("Samordnarna i den upphandlingsregionen granskar svaren."),
    )
    due_on = forms.DateField(label=_("Svar senast"), widget=DATE)

    def __init__(self, *args, user, confirming: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_sending_fields(user)
        for name in ("procurement_region", "due_on"):
            self.fields[name].required = confirming
        self._rows: list[tuple[Supplier, Category | None]] = []

    def clean(self):
        data = super().clean()
        if not data.get("supplier"):
            return data
        parsed = [parse_row(value) for value in data["supplier"]]
        suppliers = Supplier.objects.in_bulk({supplier_id for supplier_id, _category in parsed})
        categories = Category.objects.in_bulk({category for _supplier, category in parsed if category})
        missing = [supplier_id for supplier_id, _category in parsed if supplier_id not in suppliers]
        missing += [category for _supplier, category in parsed if category and category not in categories]
        if missing:
            raise ValidationError(_("En vald leverantör eller kategori finns inte längre. Välj leverantörerna igen."))
        rows, seen = [], set()
        for supplier_id, category_id in parsed:
            if supplier_id in seen:
                continue
            seen.add(supplier_id)
            rows.append((suppliers[supplier_id], categories.get(category_id) or data.get("category")))
        if self.fields["due_on"].required and any(category is None for _supplier, category in rows):
            self.add_error("category", _("Välj kategori för leverantörerna som saknar en."))
        self._rows = sorted(rows, key=lambda row: row[0].name.casefold())
        return data

    def for_confirmation(self, user) -> "BulkSendForm":
        """The form the preview shows after the first step: the picked rows carried on, the due date
        and the procurement region at their defaults."""
        shown = BulkSendForm(
            user=user,
            confirming=True,
            initial={"supplier": self.cleaned_data["supplier"], "category": self.cleaned_data.get("category")},
        )
        shown._rows = self._rows
        return shown

    def rows(self) -> list[tuple[Supplier, Category | None]]:
        """(supplier, category) once per supplier, by name; valid only after ``is_valid``."""
        return self._rows

    def needs_category(self) -> bool:
        return any(category is None for _supplier, category in self._rows)


REVIEW_CHOICES = [(value, label) for value, label in Answer.Review.choices if value != Answer.Review.PENDING]


class ReviewAnswerForm(VersionedFormMixin, forms.ModelForm):
    """The coordinator's review of one answer (the version the person saw: another reviewer's change
    in between is shown, not overwritten)."""

    class Meta:
        model = Answer
        fields = ["review", "review_comment", "severity"]
        widgets = {"review_comment": forms.Textarea(attrs={"rows": 2})}
        labels = {"review": _("Bedömning"), "severity": _("Allvarlighetsgrad om kravet inte uppfylls")}
        help_texts = {
            "review": _(
                "Godkänn bara ett svar som uppfyller kravet eller där det inte är tillämpligt. Ett svar som "
                "uppfyller kravet delvis eller inte alls bedöms som ”Uppfylls inte” med en allvarlighetsgrad, "
                "eller skickas tillbaka för komplettering."
            ),
            "review_comment": _(
                "Leverantören ser kommentaren. Krävs när svaret ska kompletteras eller inte uppfyller kravet."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        review = self.fields["review"]
        review.choices = REVIEW_CHOICES
        review.widget = forms.RadioSelect(choices=REVIEW_CHOICES)
        if self.instance.review == Answer.Review.PENDING and not self.is_bound:
            self.initial["review"] = ""
        self.fields["severity"].choices = [("", _("Större (standard)")), *Deviation.Severity.choices]
        self.fields["severity"].required = False

    def clean(self):
        data = super().clean()
        review = data.get("review")
        if review in (Answer.Review.NEEDS_COMPLETION, Answer.Review.NOT_MET) and not data.get("review_comment"):
            self.add_error("review_comment", _("Skriv en kommentar till leverantören."))
        if review != Answer.Review.NOT_MET:
            data["severity"] = ""
        return data
