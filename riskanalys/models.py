"""The category tree and its priorities, risk analyses with their risk matrix, action plans, studies."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from base.forms import once_token_field, version_field
from regions.access import ScopedQuerySet, Visibility
from regions.models import Organisation, ProcurementRegion, Region, RiskArea
from riskanalys.access import RiskAnalysisAccess, StudyAccess

PATH_SEPARATOR = " > "


class CategoryQuerySet(MP_NodeQuerySet):
    def suggest(self, text: str):
        """The categories a field suggests for ``text``, by name or code: those that are it first,
        then those that begin with it, then those that hold it, each in the tree's order. Take a
        slice: the caller limits the rows."""
        text = (text or "").strip()
        if not text:
            return self.none()
        closeness = Case(
            When(Q(name__iexact=text) | Q(code__iexact=text), then=Value(0)),
            When(Q(name__istartswith=text) | Q(code__istartswith=text), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return (
            self.filter(Q(name__icontains=text) | Q(code__icontains=text))
            .annotate(closeness=closeness)
            .order_by("closeness", "path")
        )


class CategoryManager(MP_NodeManager.from_queryset(CategoryQuerySet)):
    def get_queryset(self):
        return CategoryQuerySet(self.model).order_by("path")  # the tree's order, as treebeard's own


class Category(MP_Node):
    """A purchasing category in the regions' shared tree (materialised path: a subtree is one query)."""

    objects = CategoryManager()

    name = models.CharField(_("namn"), max_length=200)
    code = models.CharField(_("kod"), max_length=30, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    procurement_regions = models.ManyToManyField(
        ProcurementRegion, blank=True, related_name="categories", verbose_name=_("ansvariga upphandlingsregioner")
    )
    risk_areas = models.ManyToManyField(RiskArea, blank=True, related_name="categories", verbose_name=_("riskområden"))
    active = models.BooleanField(_("aktiv"), default=True)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("inköpskategori")
        verbose_name_plural = _("inköpskategorier")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("category_detail", args=[self.pk])

    @property
    def full_path(self) -> str:
        """ "Vårdrelaterad utrustning och förbrukningsvaror > Tandvård": the path column of imports."""
        return PATH_SEPARATOR.join(ancestor.name for ancestor in [*Category.objects.get_ancestors(self), self])


class CategoryPriority(models.Model):
    """A category prioritised for a period by the secretariat, after the risk analysis of the tree."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("inköpskategori")
    )
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till och med år"))
    reason = models.TextField(_("skäl"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("prioritering")
        verbose_name_plural = _("prioriteringar")
        constraints = [
            models.UniqueConstraint(fields=["category", "start_year", "end_year"], name="priority_unique_per_period"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="priority_period_in_order"),
        ]

    def __str__(self):
        return f"{self.category} {self.start_year}–{self.end_year}"


class RiskAnalysisQuerySet(RiskAnalysisAccess):
    """Who sees and changes which analysis: riskanalys.access.RiskAnalysisAccess."""


class RiskAnalysis(models.Model):
    class Kind(models.TextChoices):
        OVERVIEW = "overview", _("Översiktlig riskanalys av kategoriträdet")
        DEEPENED = "deepened", _("Fördjupad riskanalys")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        REVIEW = "review", _("Granskas")
        PUBLISHED = "published", _("Publicerad")

    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices, default=Kind.DEEPENED)
    year = models.PositiveSmallIntegerField(_("år"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="risk_analyses", verbose_name=_("inköpskategori")
    )
    product_area = models.CharField(_("produkter/område"), max_length=200)
    procurement_region = models.ForeignKey(
        ProcurementRegion,
        on_delete=models.PROTECT,
        related_name="risk_analyses",
        verbose_name=_("ägs av upphandlingsregion"),
    )
    responsible_regions = models.ManyToManyField(Region, blank=True, verbose_name=_("ansvariga regioner"))
    responsible_organisations = models.ManyToManyField(
        Organisation, blank=True, verbose_name=_("ansvariga organisationer")
    )
    method_summary = models.TextField(_("metod"), blank=True)
    stage_raw_material = models.BooleanField(_("råvara"), default=False)
    stage_components = models.BooleanField(_("komponenter"), default=False)
    stage_manufacturing = models.BooleanField(_("tillverkning"), default=False)
    stage_distribution = models.BooleanField(_("distribution"), default=False)
    production_countries = models.CharField(_("tillverkningsländer"), max_length=300, blank=True)
    conclusions = models.TextField(_("slutsatser"), blank=True)
    recommended_requirements = models.TextField(_("rekommenderade krav"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        _("synlighet"), max_length=12, choices=Visibility.choices, default=Visibility.RESTRICTED
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    version = version_field()
    created_with = once_token_field()
    history = HistoricalRecords()

    access_owner = "procurement_region_id"
    objects = RiskAnalysisQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "product_area"]
        verbose_name = _("riskanalys")
        verbose_name_plural = _("riskanalyser")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="published") | ~Q(visibility="public"),
                name="risk_analysis_public_only_when_published",
            ),
        ]

    def __str__(self):
        return f"{self.product_area} ({self.year})"

    def get_absolute_url(self):
        return reverse("risk_analysis_detail", args=[self.pk])

    @property
    def stages(self) -> list[str]:
        fields = ["stage_raw_material", "stage_components", "stage_manufacturing", "stage_distribution"]
        return [str(self._meta.get_field(name).verbose_name) for name in fields if getattr(self, name)]


class Dimension(models.TextChoices):
    HUMAN_RIGHTS = "human_rights", _("Mänskliga rättigheter")
    LABOUR_RIGHTS = "labour_rights", _("Arbetsrätt")
    ENVIRONMENT = "environment", _("Miljö och klimat")
    CHEMICALS = "chemicals", _("Kemikalier")
    ANTI_CORRUPTION = "anti_corruption", _("Antikorruption")


class RiskAssessment(models.Model):
    """Likelihood and severity (1–5) of one dimension of risk; the score is their product."""

    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="assessments")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    likelihood = models.PositiveSmallIntegerField(
        _("sannolikhet"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    severity = models.PositiveSmallIntegerField(
        _("allvarlighet"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["analysis", "dimension"]
        verbose_name = _("riskbedömning")
        verbose_name_plural = _("riskbedömningar")
        constraints = [
            models.UniqueConstraint(fields=["analysis", "dimension"], name="assessment_unique_per_dimension"),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, severity__gte=1, severity__lte=5),
                name="assessment_scale_one_to_five",
            ),
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.score}"

    @property
    def score(self) -> int:
        return self.likelihood * self.severity


ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each type: a PDF starts with %PDF, DOCX and XLSX are ZIP files.
ATTACHMENT_SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04"}


def validate_attachment(file):
    suffix = Path(file.name).suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(_("Bara PDF, DOCX och XLSX kan bifogas, inte %(suffix)s.") % {"suffix": suffix or "?"})
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("Filen är större än 10 MB."))
    head = file.read(5)
    file.seek(0)
    if not head.startswith(ATTACHMENT_SIGNATURES[suffix]):
        raise ValidationError(_("Filens innehåll är inte %(suffix)s.") % {"suffix": suffix.lstrip(".").upper()})


def attachment_path(instance, filename) -> str:
    """Files of each app under their own folder and year; never under the static files."""
    return f"{instance._meta.app_label}/{datetime.date.today():%Y}/{filename}"  # noqa: DTZ011


class FileAttachment(models.Model):
    """A PDF, DOCX or XLSX file, checked on upload and served only through a view that checks access."""

    file = models.FileField(_("fil"), upload_to=attachment_path, validators=[validate_attachment])
    name = models.CharField(_("namn"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self):
        return self.name

    @property
    def content_type(self):
        return ATTACHMENT_TYPES.get(Path(self.file.name).suffix.lower(), "application/octet-stream")


class Attachment(FileAttachment):
    """A file of a risk analysis."""

    analysis = models.ForeignKey(RiskAnalysis, on_delete=models.CASCADE, related_name="attachments")

    class Meta(FileAttachment.Meta):
        pass

    def get_absolute_url(self):
        return reverse("risk_analysis_attachment", args=[self.analysis_id, self.pk])


class ActionPlan(models.Model):
    """A procurement region's plan for its categories over a period."""

    procurement_region = models.ForeignKey(ProcurementRegion, on_delete=models.PROTECT, related_name="action_plans")
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till och med år"))
    visibility = models.CharField(_("synlighet"), max_length=12, choices=Visibility.choices, default=Visibility.NETWORK)
    history = HistoricalRecords()

    access_owner = "procurement_region_id"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["procurement_region__letter", "-start_year"]
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["procurement_region", "start_year", "end_year"], name="action_plan_unique_per_period"
            )
        ]

    def __str__(self):
        return _("Handlingsplan %(letter)s %(start)s–%(end)s") % {
            "letter": self.procurement_region.letter,
            "start": self.start_year,
            "end": self.end_year,
        }

    def get_absolute_url(self):
        return reverse("action_plan_detail", args=[self.pk])


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        IN_PROGRESS = "in_progress", _("Påbörjad")
        DONE = "done", _("Klar")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="activities", verbose_name=_("handlingsplan")
    )
    title = models.CharField(_("aktivitet"), max_length=300)
    owner = models.CharField(_("ansvarig"), max_length=200)
    due_date = models.DateField(_("klar senast"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    categories = models.ManyToManyField(Category, blank=True, related_name="activities", verbose_name=_("kategorier"))
    created_with = once_token_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "title"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self):
        return self.title

    @property
    def overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_date < datetime.date.today()  # noqa: DTZ011


class StudyQuerySet(StudyAccess):
    """Who sees and changes which study: riskanalys.access.StudyAccess."""


class Study(models.Model):
    """An investigation such as the circular-economy report or the analysis of NHS's net-zero programme."""

    title = models.CharField(_("titel"), max_length=300)
    year = models.PositiveSmallIntegerField(_("år"))
    summary = models.TextField(_("sammanfattning"))
    visibility = models.CharField(_("målgrupp"), max_length=12, choices=Visibility.choices, default=Visibility.NETWORK)
    file = models.FileField(_("rapport"), upload_to=attachment_path, blank=True, validators=[validate_attachment])
    history = HistoricalRecords()

    objects = StudyQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("utredning")
        verbose_name_plural = _("utredningar")

    def __str__(self):
        return self.title
