"""The shared assessment template auditors rate suppliers with, and its criteria."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from krav.models import Clause


class AssessmentTemplate(models.Model):
    """The shared, calibrated template auditors rate suppliers with. An adopted version never
    changes; audits keep the version they used."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        ADOPTED = "adopted", _("Antagen")
        RETIRED = "retired", _("Ersatt")

    name = models.CharField(_("namn"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    adopted_at = models.DateTimeField(_("antagen"), null=True, blank=True)
    valid_months = models.PositiveSmallIntegerField(
        _("giltighet för granskad självskattning (månader)"),
        default=24,
        help_text=_("Så länge gäller en granskad självskattning efter mallen, för alla regioner."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("bedömningsmall")
        verbose_name_plural = _("bedömningsmallar")
        constraints = [
            models.UniqueConstraint(fields=["version"], name="template_unique_version"),
            models.UniqueConstraint(fields=["status"], condition=Q(status="adopted"), name="one_adopted_template"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def get_absolute_url(self):
        return reverse("assessment_template_detail", args=[self.pk])


class Criterion(models.Model):
    """One thing the auditor checks, under the requirement clause it verifies."""

    template = models.ForeignKey(AssessmentTemplate, on_delete=models.CASCADE, related_name="criteria")
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("klausul"))
    number = models.CharField(_("nummer"), max_length=10)
    text = models.TextField(_("kriterium"))
    guidance = models.TextField(_("vägledning"), blank=True)
    documentation = models.TextField(_("exempel på dokumentation som verifierar"), blank=True)

    class Meta:
        ordering = ["template", "number"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="criterion_unique_number")]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"
