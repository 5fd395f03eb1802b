"""Fiscal years, the population-based fee per region, costs and budgets. Amounts are whole kronor."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field
from ekonomi.access import FeeAccess
from regions.models import Region


class FiscalYear(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Fastställt")
        CLOSED = "closed", _("Stängt")

    class FeeBasis(models.TextChoices):
        TOTAL = "total", _("Totalbelopp fördelat efter befolkning")
        PER_INHABITANT = "per_inhabitant", _("Belopp per invånare")

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    opening_balance = models.BigIntegerField(_("ingående balans (kr)"), default=0)
    opening_balance_note = models.CharField(_("om ingående balans"), max_length=200, blank=True)
    fee_basis = models.CharField(_("avgiftsgrund"), max_length=20, choices=FeeBasis.choices, default=FeeBasis.TOTAL)
    fee_total = models.BigIntegerField(_("avgifter totalt (kr)"), null=True, blank=True)
    fee_per_inhabitant = models.DecimalField(
        _("avgift per invånare (kr)"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    population_year = models.PositiveSmallIntegerField(_("befolkningsunderlag, år"))
    closing_balance = models.BigIntegerField(_("utgående balans (kr)"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("stängd"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_with = once_token_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("räkenskapsår")
        verbose_name_plural = _("räkenskapsår")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closing_balance__isnull=False),
                name="fiscal_year_closed_has_closing_balance",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("fiscal_year_detail", args=[self.year])

    @property
    def is_closed(self):
        return self.state == self.State.CLOSED


class FeeQuerySet(FeeAccess):
    """Who sees and changes which fee: ekonomi.access.FeeAccess."""


class Fee(models.Model):
    """A region's fee for a year, with the population it was computed from."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="fees")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="fees", verbose_name=_("region"))
    population = models.PositiveIntegerField(_("invånare"))
    amount = models.BigIntegerField(_("avgift (kr)"))
    history = HistoricalRecords()

    objects = FeeQuerySet.as_manager()

    class Meta:
        ordering = ["region__short_name"]
        verbose_name = _("avgift")
        verbose_name_plural = _("avgifter")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "region"], name="fee_unique_per_region_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_not_negative"),
        ]

    def __str__(self):
        return f"{self.region.short_name} {self.fiscal_year.year}"


class AllocationDecision(models.Model):
    """A change of an adopted allocation: who decided, why, and what the total was before."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="decisions")
    decided_at = models.DateTimeField(_("beslutad"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(_("skäl"))
    previous_total = models.BigIntegerField(_("tidigare summa (kr)"))
    new_total = models.BigIntegerField(_("ny summa (kr)"))

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("beslut om ändrad fördelning")
        verbose_name_plural = _("beslut om ändrad fördelning")

    def __str__(self):
        return f"{self.fiscal_year} {self.decided_at:%Y-%m-%d}"


class CostLine(models.TextChoices):
    """The lines of the annual statement, in its order."""

    PERSONNEL = "personnel", _("Personalkostnader")
    RENT_IT = "rent_it", _("Hyra och IT-arbetsplats")
    TRAVEL = "travel", _("Resekostnader")
    CONSULTANTS = "consultants", _("Konsulter och köpta tjänster")
    MEMBERSHIP_FEES = "membership_fees", _("Medlemsavgifter")
    OTHER = "other", _("Övrigt")


class CostQuerySet(models.QuerySet):
    def totals_by_line(self) -> dict[str, int]:
        return dict(self.values_list("cost_line").annotate(total=Sum("amount")).order_by())


class Cost(models.Model):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="costs")
    date = models.DateField(_("datum"))
    cost_line = models.CharField(_("kostnadsslag"), max_length=20, choices=CostLine.choices)
    amount = models.BigIntegerField(_("belopp (kr)"))
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    # What was bought (a risk analysis, an audit, a requirement), once those records exist.
    bought_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    bought_id = models.PositiveBigIntegerField(null=True, blank=True)
    bought = GenericForeignKey("bought_type", "bought_id")
    history = HistoricalRecords()

    objects = CostQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kostnad")
        verbose_name_plural = _("kostnader")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="cost_positive")]

    def __str__(self):
        return f"{self.get_cost_line_display()} {self.date}"


class Budget(models.Model):
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="budgets")
    cost_line = models.CharField(_("kostnadsslag"), max_length=20, choices=CostLine.choices)
    amount = models.BigIntegerField(_("budget (kr)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "cost_line"], name="budget_unique_per_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_cost_line_display()} {self.fiscal_year}"
