"""The yearly national audit plan and its entries."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.access import ScopedModel
from regions.models import ProcurementRegion
from revisioner.access import PlanEntryAccess
from revisioner.models.audits import Audit
from revisioner.models.suppliers import Supplier
from riskanalys.models import Category


class AuditPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("revisionsplan")
        verbose_name_plural = _("revisionsplaner")

    def __str__(self):
        return _("Nationell revisionsplan %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("audit_plan", args=[self.year])


class PlanEntryQuerySet(PlanEntryAccess):
    """Every member reads the plan: revisioner.access.PlanEntryAccess."""


class PlanEntry(ScopedModel, models.Model):
    """A supplier and category the plan means to audit, added from the ranking with its score."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.CASCADE, related_name="entries")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="plan_entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="plan_entries")
    procurement_region = models.ForeignKey(
        ProcurementRegion, on_delete=models.PROTECT, related_name="plan_entries", verbose_name=_("upphandlingsregion")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Audit.Kind.choices, default=Audit.Kind.OFFICE)
    score = models.DecimalField(_("poäng vid urvalet"), max_digits=7, decimal_places=1, null=True, blank=True)
    audit = models.OneToOneField(Audit, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_entry")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    access_owner = "procurement_region_id"
    access_visibility = None
    objects = PlanEntryQuerySet.as_manager()

    class Meta:
        ordering = ["procurement_region__letter", "supplier__name"]
        verbose_name = _("planerad revision")
        verbose_name_plural = _("planerade revisioner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "supplier", "category"], name="plan_entry_unique"),
        ]

    def __str__(self):
        return f"{self.plan.year}: {self.supplier} ({self.category})"
