"""Harmonised requirements with immutable versions and clauses, consultations of the regions,
the priority list, and each region's uptake of each adopted version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from regions.models import Organisation, ProcurementRegion, Region
from riskanalys.models import Category, FileAttachment


class Requirement(models.Model):
    class Kind(models.TextChoices):
        CLIMATE = "env_climate", _("Miljö – klimat")
        CHEMICALS = "env_chemicals", _("Miljö – kemikalier")
        ENERGY = "env_energy", _("Miljö – energi")
        ENVIRONMENT_OTHER = "env_other", _("Miljö – övrigt")
        CODE_OF_CONDUCT = "code_of_conduct", _("Uppförandekod")
        DUE_DILIGENCE = "due_diligence", _("Tillbörlig aktsamhet")
        ENVIRONMENTAL_MANAGEMENT = "environmental_management", _("Systematiskt miljöarbete")
        SOCIAL_OTHER = "social_other", _("Socialt – övrigt")

    class Level(models.TextChoices):
        CORE = "core", _("Baskrav")
        ADVANCED = "advanced", _("Avancerad nivå")
        SPEARHEAD = "spearhead", _("Spjutspets")

    title = models.CharField(_("produkter/område"), max_length=200)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    level = models.CharField(_("nivå"), max_length=10, choices=Level.choices, default=Level.CORE)
    categories = models.ManyToManyField(Category, blank=True, related_name="requirements", verbose_name=_("kategorier"))
    general = models.BooleanField(_("gäller alla prioriterade kategorier"), default=False)
    source_library_id = models.CharField(_("id i kriteriebiblioteket"), max_length=50, blank=True)
    source_url = models.URLField(_("länk till kriteriebiblioteket"), blank=True)
    responsible = models.CharField(_("ansvarig"), max_length=300)
    responsible_procurement_region = models.ForeignKey(
        ProcurementRegion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("ansvarig upphandlingsregion"),
    )
    responsible_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("ansvarig organisation")
    )
    created_with = once_token_field()
    history = HistoricalRecords(m2m_fields=[categories])  # the categories' links too, with who and when

    class Meta:
        ordering = ["title"]
        verbose_name = _("harmoniserat krav")
        verbose_name_plural = _("harmoniserade krav")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("requirement_detail", args=[self.pk])

    @property
    def source(self) -> str:
        return _("Kriteriebiblioteket %(id)s") % {"id": self.source_library_id} if self.source_library_id else _("Eget")


class VersionQuerySet(models.QuerySet):
    def current(self):
        """The adopted version of each requirement (at most one: adopting supersedes the previous)."""
        return self.filter(status=RequirementVersion.Status.ADOPTED)


class RequirementVersion(models.Model):
    """One version of a requirement. Once adopted it never changes; a change is a new version."""

    class Status(models.TextChoices):
        PROPOSAL = "proposal", _("Förslag")
        CONSULTATION = "consultation", _("Remiss")
        ADOPTED = "adopted", _("Antagen")
        SUPERSEDED = "superseded", _("Ersatt")
        RETIRED = "retired", _("Upphävd")

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.PROPOSAL)
    text = models.TextField(_("kravtext"))
    verification = models.TextField(_("så verifieras kravet"), blank=True)
    guidance = models.TextField(_("vägledning"), blank=True)
    checklist = models.JSONField(_("checklista"), default=dict, blank=True)
    consultation_opened_at = models.DateTimeField(_("remiss öppnad"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("antagen"), null=True, blank=True)
    version = version_field()
    created_with = once_token_field()
    history = HistoricalRecords()

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["requirement__title", "-number"]
        verbose_name = _("kravversion")
        verbose_name_plural = _("kravversioner")
        constraints = [
            models.UniqueConstraint(fields=["requirement", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["requirement"], condition=Q(status="adopted"), name="one_adopted_version_per_requirement"
            ),
        ]

    def __str__(self):
        return f"{self.requirement.title} v{self.number}"

    def get_absolute_url(self):
        return reverse("requirement_version", args=[self.pk])

    @property
    def frozen(self) -> bool:
        return self.status in (self.Status.ADOPTED, self.Status.SUPERSEDED, self.Status.RETIRED)


# The steps of the secretariat's handbook, per stage: shown as a checklist on the version.
CHECKLIST = {
    RequirementVersion.Status.PROPOSAL: [
        ("prioritised", _("Kravet står på prioriteringslistan")),
        ("library_checked", _("Kriteriebiblioteket är genomgånget")),
        ("drafted", _("Kravtext och verifiering är skrivna")),
    ],
    RequirementVersion.Status.CONSULTATION: [
        ("sent", _("Remissen är skickad till regionernas kontaktpersoner")),
        ("answers_reviewed", _("Svaren är genomgångna")),
    ],
    RequirementVersion.Status.ADOPTED: [
        ("decided", _("Beslutet är fattat")),
        ("published", _("Kravet är publicerat och regionerna informerade")),
    ],
}


class VersionAttachment(FileAttachment):
    """A file of guidance for a version."""

    version = models.ForeignKey(RequirementVersion, on_delete=models.CASCADE, related_name="attachments")

    class Meta(FileAttachment.Meta):
        pass

    def get_absolute_url(self):
        return reverse("requirement_attachment", args=[self.version_id, self.pk])


class Clause(models.Model):
    """A numbered clause of a version; audits assess suppliers against clauses."""

    version = models.ForeignKey(RequirementVersion, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(_("nummer"), max_length=10)
    title = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("klausul")
        verbose_name_plural = _("klausuler")
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="clause_unique_number")]

    def __str__(self):
        return f"{self.number} {self.title}"


class ConsultationResponse(models.Model):
    class Answer(models.TextChoices):
        AGREE = "agree", _("Instämmer")
        AGREE_WITH_COMMENTS = "agree_with_comments", _("Instämmer med synpunkter")
        DISAGREE = "disagree", _("Instämmer inte")

    version = models.ForeignKey(RequirementVersion, on_delete=models.CASCADE, related_name="responses")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="consultation_responses")
    answer = models.CharField(_("svar"), max_length=25, choices=Answer.choices)
    text = models.TextField(_("synpunkter"), blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    responded_at = models.DateTimeField(_("svarat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__short_name"]
        verbose_name = _("remissvar")
        verbose_name_plural = _("remissvar")
        constraints = [models.UniqueConstraint(fields=["version", "region"], name="one_response_per_region")]

    def __str__(self):
        return f"{self.region.short_name}: {self.get_answer_display()}"


class Uptake(models.Model):
    """Whether a region uses an adopted requirement version in new contracts."""

    class Used(models.TextChoices):
        YES = "yes", _("Ja")
        PARTLY = "partly", _("Delvis")
        NO = "no", _("Nej")
        NOT_RELEVANT = "not_relevant", _("Ej relevant")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="uptakes")
    version = models.ForeignKey(RequirementVersion, on_delete=models.CASCADE, related_name="uptakes")
    used = models.CharField(_("används i nya avtal"), max_length=15, choices=Used.choices)
    since = models.DateField(_("sedan"), null=True, blank=True)
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("användning")
        verbose_name_plural = _("användning")
        constraints = [models.UniqueConstraint(fields=["region", "version"], name="one_uptake_per_region_version")]

    def __str__(self):
        return f"{self.region.short_name} {self.version}: {self.get_used_display()}"


class PriorityEntry(models.Model):
    """A place on the ordered list of requirements to develop next, for a period."""

    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till och med år"))
    position = models.PositiveSmallIntegerField(_("plats"))
    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="priority_entries", verbose_name=_("krav")
    )
    status = models.CharField(_("status"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year", "position"]
        verbose_name = _("plats på prioriteringslistan")
        verbose_name_plural = _("prioriteringslistan")
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year", "position"], name="priority_list_unique_place")
        ]

    def __str__(self):
        return f"{self.position}. {self.requirement}"
