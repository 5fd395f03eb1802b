"""The regions' contracts with suppliers, owned by a procurement region."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from krav.models import RequirementVersion
from regions.access import ScopedModel
from regions.models import ProcurementRegion, Region
from revisioner.access import ContractAccess
from revisioner.models.suppliers import Supplier
from riskanalys.models import Category


class ContractQuerySet(ContractAccess):
    """Who sees and changes contracts: revisioner.access.ContractAccess."""

    def active_in(self, year: int):
        return self.filter(Q(starts_on__year__lte=year), Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))


class Contract(ScopedModel, models.Model):
    procurement_region = models.ForeignKey(
        ProcurementRegion, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("upphandlingsregion")
    )
    regions = models.ManyToManyField(Region, related_name="contracts", verbose_name=_("regioner"))
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("leverantör")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("inköpskategori")
    )
    reference = models.CharField(_("avtalsnummer"), max_length=60)
    title = models.CharField(_("benämning"), max_length=200, blank=True)
    starts_on = models.DateField(_("gäller från"))
    ends_on = models.DateField(_("gäller till och med"), null=True, blank=True)
    yearly_value = models.PositiveBigIntegerField(_("årligt värde (kr)"), null=True, blank=True)
    requirement_versions = models.ManyToManyField(
        RequirementVersion, blank=True, related_name="contracts", verbose_name=_("harmoniserade krav i avtalet")
    )
    version = version_field()
    created_with = once_token_field()
    history = HistoricalRecords(no_db_index=["created_with"])  # never looked up in the history (see Supplier)

    access_owner = "procurement_region_id"
    access_visibility = None
    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "reference"]
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        constraints = [
            models.UniqueConstraint(fields=["procurement_region", "reference"], name="contract_unique_reference"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="contract_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.supplier}"

    def get_absolute_url(self):
        return reverse("contract_detail", args=[self.pk])
