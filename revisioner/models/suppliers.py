"""Suppliers of the regions and the other spellings of their names; known to the whole network."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from revisioner.identifiers import normalise_name, validate_org_number

SWEDEN = "SE"


class SupplierQuerySet(models.QuerySet):
    def suggest(self, text: str):
        """The suppliers a field suggests for ``text``, by name: those whose name contains it (the
        trigram index of UPPER(name), migration 0008, serves ``icontains``), or, for digits, whose
        organisation number starts with them. Take a slice: the caller limits the rows."""
        text = (text or "").strip()
        digits = text.replace("-", "").replace(" ", "")
        if not text:
            return self.none()
        if digits.isdigit():
            prefix = digits if len(digits) <= 6 else f"{digits[:6]}-{digits[6:10]}"
            return self.filter(org_number__startswith=prefix).order_by("org_number", "pk")
        return self.filter(name__icontains=text).order_by("name", "pk")

    def search(self, text: str):
        """Name, alias or identifier containing ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        normalised = normalise_name(text)
        matches = (
            Q(name__icontains=text)
            | Q(org_number__startswith=text)
            | Q(foreign_identifier__iexact=text)
            | Q(Exists(SupplierAlias.objects.filter(supplier=OuterRef("pk"), normalised_name__contains=normalised)))
        )
        if normalised:
            matches |= Q(normalised_name__contains=normalised)
        return self.filter(matches)


class Supplier(models.Model):
    """A supplier of the regions, Swedish (organisation number) or foreign (country and identifier).

    Suppliers are known to the whole network: who has contracts with them and what audits found."""

    name = models.CharField(_("namn"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    country = models.CharField(_("land"), max_length=2, default=SWEDEN, help_text=_("ISO 3166-1, t.ex. SE eller DE."))
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number], help_text="NNNNNN-NNNN"
    )
    foreign_identifier = models.CharField(
        _("momsregistreringsnummer eller annan identitet"),
        max_length=40,
        blank=True,
        help_text=_("För utländska leverantörer."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("moderbolag"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = version_field()
    created_with = once_token_field()
    # The history is read by supplier and date, never searched by name or once-token: without those
    # four indexes an import of 50 000 new suppliers writes its history rows about a second sooner.
    history = HistoricalRecords(no_db_index=["normalised_name", "created_with"])

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverantör")
        verbose_name_plural = _("leverantörer")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="supplier_unique_org_number"
            ),
            models.UniqueConstraint(
                fields=["country", "foreign_identifier"],
                condition=~Q(foreign_identifier=""),
                name="supplier_unique_foreign_identifier",
            ),
            models.CheckConstraint(
                condition=(Q(country=SWEDEN) & ~Q(org_number="")) | (~Q(country=SWEDEN) & ~Q(foreign_identifier="")),
                name="supplier_identified",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("supplier_detail", args=[self.pk])

    @property
    def identifier(self) -> str:
        return self.org_number if self.country == SWEDEN else f"{self.country} {self.foreign_identifier}"


class SupplierAlias(models.Model):
    """Another spelling of a supplier's name, e.g. as published ("Betcon Dickinson")."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("namn"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alternativt namn")
        verbose_name_plural = _("alternativa namn")
        constraints = [models.UniqueConstraint(fields=["supplier", "name"], name="alias_unique_per_supplier")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)
