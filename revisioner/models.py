"""Suppliers, contracts, the assessment template, audits with their ratings, deviations and
corrective actions, and the yearly national audit plan.

An audit is led by a procurement region and read through ``Audit.objects.visible_to(user)``:
``restricted`` until it is closed, then ``network``; an approved summary is public. Deviations,
ratings and corrective actions follow their audit."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from krav.models import Clause, RequirementVersion
from regions.access import ScopedModel, Visibility
from regions.models import ProcurementRegion, Region
from revisioner.access import AuditAccess, ContractAccess, CorrectiveActionAccess, DeviationAccess, PlanEntryAccess
from revisioner.identifiers import normalise_name, validate_org_number
from riskanalys.models import Category

SWEDEN = "SE"


# Suppliers -----------------------------------------------------------------------------------


class SupplierQuerySet(models.QuerySet):
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
    history = HistoricalRecords()

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


# Contracts -----------------------------------------------------------------------------------


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
    history = HistoricalRecords()

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


# The assessment template ---------------------------------------------------------------------


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


# Audits --------------------------------------------------------------------------------------


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


class DeviationQuerySet(DeviationAccess):
    """Who sees and changes deviations (those of their audit): revisioner.access.DeviationAccess."""

    def open(self):
        return self.filter(status=Deviation.Status.OPEN)


class Deviation(ScopedModel, models.Model):
    """A requirement clause the supplier does not (fully) meet, found by an audit."""

    class Severity(models.TextChoices):
        MINOR = "minor", _("Mindre")
        MAJOR = "major", _("Större")
        CRITICAL = "critical", _("Kritisk")

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        VERIFIED = "verified", _("Verifierad åtgärdad")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="deviations")
    rating = models.OneToOneField(Rating, on_delete=models.SET_NULL, null=True, blank=True, related_name="deviation")
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="deviations", verbose_name=_("klausul"))
    severity = models.CharField(_("allvarlighetsgrad"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("beskrivning"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    verified_in = models.ForeignKey(
        Audit, on_delete=models.SET_NULL, null=True, blank=True, related_name="verified_deviations"
    )
    verified_at = models.DateTimeField(_("verifierad"), null=True, blank=True)
    reopened_in = models.ForeignKey(
        Audit, on_delete=models.SET_NULL, null=True, blank=True, related_name="reopened_deviations"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    access_owner = "audit__procurement_region_id"
    objects = DeviationQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "clause__number", "pk"]
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        indexes = [models.Index(fields=["status", "audit"], name="deviation_status_audit")]

    def __str__(self):
        return f"{self.clause.number} ({self.get_severity_display()})"

    def get_absolute_url(self):
        return f"{self.audit.get_absolute_url()}#avvikelse-{self.pk}"

    @property
    def days_to_closure(self) -> int | None:
        if self.verified_at is None:
            return None
        return (self.verified_at - self.created_at).days


class CorrectiveActionQuerySet(CorrectiveActionAccess):
    """Who sees and changes corrective actions (those of their audit): revisioner.access."""

    def unfinished(self):
        return self.filter(status__in=CorrectiveAction.UNFINISHED)

    def overdue(self, today: datetime.date | None = None):
        return self.unfinished().filter(due_on__lt=today or timezone.localdate())

    def due_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.unfinished().filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))


class CorrectiveAction(ScopedModel, models.Model):
    """The supplier's plan to correct a deviation, followed until a re-audit verifies it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Öppen")
        PLAN_RECEIVED = "plan_received", _("Plan mottagen")
        IMPLEMENTED = "implemented", _("Genomförd")
        VERIFIED = "verified", _("Verifierad")

    UNFINISHED = (Status.OPEN, Status.PLAN_RECEIVED)

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("åtgärd"))
    due_on = models.DateField(_("senast"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrective_actions",
        verbose_name=_("ansvarig samordnare"),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    history = HistoricalRecords()

    access_owner = "deviation__audit__procurement_region_id"
    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due")]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return self.deviation.get_absolute_url()

    @property
    def overdue(self) -> bool:
        return self.status in self.UNFINISHED and self.due_on < timezone.localdate()


class Reminder(models.Model):
    """A reminder mailed about a corrective action; one per action, kind and state of the action."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Förfaller inom 14 dagar")
        OVERDUE = "overdue", _("Försenad")

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    action_status = models.CharField(max_length=15, choices=CorrectiveAction.Status.choices)
    sent_to = models.EmailField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["action", "kind", "action_status"], name="one_reminder_per_state")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.action}"


# The national audit plan ---------------------------------------------------------------------


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
