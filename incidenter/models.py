"""Incident cases: information that suggests a supplier breaches the harmonised contract clauses,
followed as a case with a timeline, the parties involved, the contracts and regions it touches,
and its outcomes.

A case is ``confidential`` while it is investigated: only the secretariat and its named
participants see it, and every read is recorded. The lead may make it ``network``: then every
member sees it. Closing needs an outcome and a summary for publication; the annual report prints
only that summary, never the case's internal text."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from incidenter.access import IncidentAccess
from regions.access import ScopedModel, Visibility
from regions.models import Organisation, Region
from revisioner.models import Audit, Contract, Supplier
from riskanalys.models import Category, FileAttachment


class Allegation(models.TextChoices):
    FORCED_LABOUR = "forced_labour", _("Tvångsarbete")
    DEBT_BONDAGE = "debt_bondage", _("Skuldslaveri")
    CHILD_LABOUR = "child_labour", _("Barnarbete")
    LABOUR_LAW = "labour_law", _("Brott mot arbetsrätt eller utlänningslagen")
    CORRUPTION = "corruption", _("Korruption")
    ENVIRONMENT = "environment", _("Miljöskada")
    OTHER = "other", _("Annat")


class Source(models.TextChoices):
    AUDIT = "audit", _("Revision")
    CIVIL_SOCIETY = "civil_society", _("Civilsamhället")
    RESEARCH = "research", _("Forskning")
    MEDIA = "media", _("Media")
    WHISTLEBLOWER = "whistleblower", _("Visselblåsare")
    PARTNER = "partner", _("Samarbetspartner")


# Cases ---------------------------------------------------------------------------------------


class IncidentQuerySet(IncidentAccess):
    """Cases; who sees and changes which is in incidenter/access.py."""

    def open(self):
        return self.filter(status=Incident.Status.OPEN)

    def published(self):
        """The cases whose summary for publication is public: closed cases, and open ones shared
        with the network. The annual report and the public API print only that summary, and the
        title only of a case shared with the network (``Incident.public_title``)."""
        return self.exclude(summary="").filter(Q(status=Incident.Status.CLOSED) | Q(visibility=Visibility.NETWORK))

    def handled_in(self, year: int):
        """Open at some time during the year: opened by its end, not closed before it began."""
        return self.filter(Q(opened_on__year__lte=year), Q(closed_on__isnull=True) | Q(closed_on__year__gte=year))

    def touching_regions(self, region_ids):
        """Cases that name one of the regions: as lead, participant, affected region or through a contract."""
        return self.filter(
            Q(lead_region__in=region_ids)
            | Q(participating_regions__in=region_ids)
            | Q(affected_regions__in=region_ids)
            | Q(affected_contracts__regions__in=region_ids)
        ).distinct()


class Incident(ScopedModel, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutat")

    VISIBILITIES = [
        (Visibility.CONFIDENTIAL, Visibility.CONFIDENTIAL.label),
        (Visibility.NETWORK, Visibility.NETWORK.label),
    ]

    title = models.CharField(_("rubrik"), max_length=200)
    source = models.CharField(_("källa"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(
        _("referens till källan"), max_length=300, blank=True, help_text=_("T.ex. artikel, rapport eller revision.")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("inköpskategori"),
    )
    product_area = models.CharField(_("produktområde"), max_length=200, blank=True)
    lead_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_incidents",
        verbose_name=_("ansvarig region"),
        help_text=_("Tomt: kansliet leder ärendet."),
    )
    participating_regions = models.ManyToManyField(
        Region, blank=True, related_name="participating_incidents", verbose_name=_("deltagande regioner")
    )
    affected_regions = models.ManyToManyField(
        Region, blank=True, related_name="affected_incidents", verbose_name=_("berörda regioner")
    )
    affected_contracts = models.ManyToManyField(
        Contract, blank=True, related_name="incidents", verbose_name=_("berörda avtal")
    )
    partner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="incidents", verbose_name=_("samarbetspartner")
    )
    audits = models.ManyToManyField(Audit, blank=True, related_name="incidents", verbose_name=_("revisioner"))
    description = models.TextField(_("beskrivning"), help_text=_("Intern: publiceras aldrig."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    visibility = models.CharField(_("synlighet"), max_length=15, choices=VISIBILITIES, default=Visibility.CONFIDENTIAL)
    opened_on = models.DateField(_("inlett"))
    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    summary = models.TextField(
        _("sammanfattning för publicering"),
        blank=True,
        help_text=_("Det enda som årsrapporten återger om ärendet."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    version = version_field()
    created_with = once_token_field()
    # The links to regions, contracts and audits are in the history too, with who and when.
    history = HistoricalRecords(m2m_fields=[participating_regions, affected_regions, affected_contracts, audits])

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("incidentärende")
        verbose_name_plural = _("incidentärenden")
        indexes = [models.Index(fields=["status", "opened_on"], name="incident_status_opened")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(closed_on__isnull=False) & ~Q(summary="")),
                name="incident_closed_with_summary",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("incident_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_confidential(self) -> bool:
        return self.visibility == Visibility.CONFIDENTIAL

    @property
    def public_title(self) -> str:
        """The title the public reads: a case never shared with the network keeps its own title to
        itself (it may say too much), only its summary was written for publication."""
        if self.visibility == Visibility.NETWORK:
            return self.title
        return _("Ärende %(number)s") % {"number": self.pk}

    @property
    def lead_name(self) -> str:
        return str(self.lead_region) if self.lead_region_id else str(_("Kansliet"))


class IncidentAllegation(models.Model):
    """One kind of breach the case is about; a case may be about several."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="allegations")
    kind = models.CharField(_("misstanke"), max_length=20, choices=Allegation.choices)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("misstanke")
        verbose_name_plural = _("misstankar")
        constraints = [models.UniqueConstraint(fields=["incident", "kind"], name="allegation_once_per_incident")]

    def __str__(self):
        return self.get_kind_display()


class IncidentParticipant(models.Model):
    """A person named in the case: sees it while it is confidential, and works on it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incident_participations",
        verbose_name=_("person"),
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        constraints = [models.UniqueConstraint(fields=["incident", "user"], name="incident_participant_once")]

    def __str__(self):
        return str(self.user)


class IncidentRead(models.Model):
    """Who read a confidential case, and when."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True, db_index=True)
    what = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-read_at", "-pk"]
        verbose_name = _("läsning")
        verbose_name_plural = _("läsningar")

    def __str__(self):
        return f"{self.user} {self.read_at:%Y-%m-%d %H:%M}"


# What a case is about --------------------------------------------------------------------------


class InvolvedParty(models.Model):
    """A supplier of the registry, or a sub-supplier or factory that has no contract (name,
    country and site)."""

    class Role(models.TextChoices):
        SUPPLIER = "supplier", _("Leverantör")
        SUB_SUPPLIER = "sub_supplier", _("Underleverantör")
        FACTORY = "factory", _("Fabrik")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("roll"), max_length=15, choices=Role.choices, default=Role.SUPPLIER)
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_parties",
        verbose_name=_("leverantör i registret"),
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    country = models.CharField(_("land"), max_length=2, blank=True, help_text=_("ISO 3166-1, t.ex. MY."))
    site = models.CharField(_("anläggning eller ort"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("inblandad part")
        verbose_name_plural = _("inblandade parter")
        constraints = [
            models.CheckConstraint(condition=Q(supplier__isnull=False) | ~Q(name=""), name="party_named"),
            models.UniqueConstraint(
                fields=["incident", "supplier"], condition=Q(supplier__isnull=False), name="party_supplier_once"
            ),
        ]

    def __str__(self):
        return self.supplier.name if self.supplier_id else self.name


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        CONTACT = "contact", _("Kontakt med leverantören")
        REQUEST = "request", _("Begäran om information")
        SITE_VISIT = "site_visit", _("Besök på plats")
        ANALYSIS = "analysis", _("Analys")
        REMEDIATION_DEMAND = "remediation_demand", _("Krav på gottgörelse eller åtgärd")
        DECISION = "decision", _("Beslut")
        NOTE = "note", _("Övrigt")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("datum"))
    who = models.CharField(_("vem"), max_length=200, help_text=_("Vem som agerade, t.ex. Region Stockholm."))
    text = models.TextField(_("vad hände"))
    follow_up_on = models.DateField(_("följs upp"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelser")

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.get_kind_display()}"


class TimelineAttachment(FileAttachment):
    """A file of a timeline entry; served only after the same check as its case."""

    entry = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, related_name="attachments")

    class Meta(FileAttachment.Meta):
        pass

    def get_absolute_url(self):
        return reverse("incident_attachment", args=[self.entry.incident_id, self.pk])


class Outcome(models.Model):
    class Kind(models.TextChoices):
        NO_BREACH = "no_breach", _("Inget brott konstaterat")
        DIALOGUE = "dialogue", _("Dialog")
        CORRECTIVE_PLAN = "corrective_plan", _("Åtgärdsplan")
        REMEDIATION = "remediation", _("Gottgörelse")
        CONTRACT_TERMINATED = "contract_terminated", _("Avtal hävt")
        REFERRED = "referred", _("Överlämnat till annan myndighet")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("utfall"), max_length=20, choices=Kind.choices)
    decided_on = models.DateField(_("datum"))
    description = models.TextField(_("beskrivning"), blank=True)
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_outcomes",
        verbose_name=_("hävt avtal"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incident_outcomes",
        verbose_name=_("region som hävde avtalet"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="contract_terminated") | (Q(contract__isnull=False) & Q(region__isnull=False)),
                name="termination_names_contract_and_region",
                violation_error_message=_("Ett hävt avtal behöver avtal och region."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class Notification(models.Model):
    """An e-mail about an event of a case to one person; unique per event and recipient, so a
    task that runs twice mails once."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Ärendet delas med nätverket")
        TERMINATION = "termination", _("Avtal hävt")

    event = models.CharField(max_length=60, help_text="network:<incident> or termination:<outcome>")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notifications")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        constraints = [models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_event")]

    def __str__(self):
        return f"{self.event} → {self.recipient}"
