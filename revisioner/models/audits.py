"""Audits, the people taking part, and the rating of each criterion."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from regions.access import ScopedModel, Visibility
from regions.models import ProcurementRegion, Region
from revisioner.access import AuditAccess
from revisioner.models.facilities import Facility
from revisioner.models.suppliers import Supplier
from revisioner.models.templates import AssessmentTemplate, Criterion
from riskanalys.models import Category


class AuditQuerySet(AuditAccess):
    """Who sees and changes audits: revisioner.access.AuditAccess."""

    def for_year(self, year: int):
        return self.filter(year=year)

    def performed(self):
        """Audits that took place: not planned, not cancelled."""
        return self.exclude(status__in=[Audit.Status.PLANNED, Audit.Status.CANCELLED])

    def with_summary_published(self):
        return self.filter(summary_status=Audit.SummaryStatus.APPROVED)


class Audit(ScopedModel, models.Model):
    class Kind(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("Granskning av självskattning")
        OFFICE = "office_audit", _("Kontorsrevision")
        FACTORY = "factory_audit", _("Fabriksrevision")
        RE_AUDIT = "re_audit", _("Återrevision")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        IN_PROGRESS = "in_progress", _("Pågår")
        REPORT_DRAFTED = "report_drafted", _("Rapport skriven")
        AWAITING_ACTIONS = "awaiting_actions", _("Inväntar åtgärder")
        CLOSED = "closed", _("Avslutad")
        CANCELLED = "cancelled", _("Inställd")

    class SummaryStatus(models.TextChoices):
        NONE = "none", _("Ingen sammanfattning")
        SUBMITTED = "submitted", _("Inväntar godkännande")
        APPROVED = "approved", _("Publicerad")

    OPEN_STATES = (Status.PLANNED, Status.IN_PROGRESS, Status.REPORT_DRAFTED, Status.AWAITING_ACTIONS)

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="audits", verbose_name=_("leverantör")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="audits", verbose_name=_("inköpskategori")
    )
    procurement_region = models.ForeignKey(
        ProcurementRegion,
        on_delete=models.PROTECT,
        related_name="audits",
        verbose_name=_("ansvarig upphandlingsregion"),
    )
    participating_regions = models.ManyToManyField(
        Region, blank=True, related_name="audits", verbose_name=_("deltagande regioner")
    )
    template = models.ForeignKey(
        AssessmentTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("bedömningsmall"),
    )
    follows_up = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="re_audits",
        verbose_name=_("följer upp revisionen"),
    )
    site = models.CharField(_("anläggning"), max_length=200, blank=True)
    country = models.CharField(_("land"), max_length=2, blank=True, help_text=_("ISO 3166-1, t.ex. CN."))
    facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("anläggning"),
        help_text=_("Fabriksrevisionens anläggning: namn, adress, land och OS ID."),
    )
    audit_firm = models.CharField(_("revisionsföretag"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), db_index=True)
    planned_on = models.DateField(_("planerad"), null=True, blank=True)
    performed_on = models.DateField(_("genomförd"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    visibility = models.CharField(
        _("synlighet"), max_length=15, choices=Visibility.choices, default=Visibility.RESTRICTED
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning för publicering"), blank=True)
    summary_status = models.CharField(
        _("sammanfattningens status"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.NONE
    )
    summary_approved_at = models.DateTimeField(_("sammanfattning godkänd"), null=True, blank=True)
    summary_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    internal_notes = models.TextField(
        _("interna anteckningar"), blank=True, help_text=_("Publiceras aldrig och skrivs aldrig ut.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = version_field()
    created_with = once_token_field()
    history = HistoricalRecords(excluded_fields=["internal_notes"])

    access_owner = "procurement_region_id"
    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-planned_on", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisioner")
        indexes = [
            models.Index(fields=["supplier", "year"], name="audit_supplier_year"),
            models.Index(fields=["procurement_region", "status"], name="audit_region_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="re_audit") | Q(follows_up__isnull=True), name="only_re_audits_follow_up"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.supplier} {self.year}"

    def get_absolute_url(self):
        return reverse("audit_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def ratable(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class AuditParticipant(models.Model):
    class Role(models.TextChoices):
        LEAD_AUDITOR = "lead_auditor", _("Ansvarig revisor")
        AUDITOR = "auditor", _("Revisor")
        OBSERVER = "observer", _("Observatör")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_participations",
        verbose_name=_("person"),
    )
    name = models.CharField(_("namn (extern revisor)"), max_length=150, blank=True)
    role = models.CharField(_("roll"), max_length=15, choices=Role.choices, default=Role.AUDITOR)
    # Who was added to or removed from an audit, by whom and when: the audit page's history.
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [
            models.CheckConstraint(condition=~Q(user=None) | ~Q(name=""), name="participant_named"),
            models.UniqueConstraint(fields=["audit", "user"], name="participant_once_per_audit"),
        ]

    def __str__(self):
        return self.user.name if self.user_id else self.name


class Rating(models.Model):
    class Value(models.TextChoices):
        MEETS = "meets", _("Uppfyller")
        PARTLY = "partly", _("Uppfyller delvis")
        DOES_NOT_MEET = "does_not_meet", _("Uppfyller inte")
        NOT_APPLICABLE = "not_applicable", _("Ej tillämplig")

    DEVIATING = (Value.PARTLY, Value.DOES_NOT_MEET)

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="ratings")
    value = models.CharField(_("bedömning"), max_length=15, choices=Value.choices)
    evidence = models.TextField(_("underlag"), blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__number"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [models.UniqueConstraint(fields=["audit", "criterion"], name="one_rating_per_criterion")]

    def __str__(self):
        return f"{self.criterion.number}: {self.get_value_display()}"
