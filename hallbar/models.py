"""The programme's goals, the figures entered by hand, the report's texts and report jobs."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.formats import AtLeast


class Goal(models.Model):
    """A goal of the strategy for a period, measured by a registered metric where there is one."""

    class Area(models.TextChoices):
        FOLLOW_UP = "uppföljning", _("Uppföljning")
        ACADEMY = "akademi", _("Akademi")
        COMMUNICATION = "kommunikation", _("Kommunikation")

    class Kind(models.TextChoices):
        INCREASE = "increase", _("Öka jämfört med året före")
        MIN_COUNT = "min_count", _("Minst ett antal per år")
        MIN_TOTAL = "min_total", _("Minst ett antal totalt")
        ALL_OFFERED = "all_offered", _("Alla ska erbjudas (100 %)")
        QUALITATIVE = "qualitative", _("Bedöms kvalitativt")

    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(_("till och med år"))
    area = models.CharField(_("område"), max_length=20, choices=Area.choices)
    text = models.CharField(_("mål"), max_length=300)
    text_en = models.CharField(_("mål (engelska)"), max_length=300, blank=True)
    kind = models.CharField(_("typ av mål"), max_length=20, choices=Kind.choices)
    target = models.PositiveIntegerField(_("målvärde"), null=True, blank=True)
    metric = models.CharField(
        _("mätvärde"), max_length=60, blank=True, help_text=_("Nyckeln för ett registrerat mätvärde.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_year", "order", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="goal_period_in_order"),
            models.CheckConstraint(
                condition=~Q(kind__in=["min_count", "min_total"]) | Q(target__isnull=False),
                name="goal_counted_kinds_have_target",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.text_en if get_language() == "en" and self.text_en else self.text

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class GoalAssessment(models.Model):
    """The secretariat's written assessment of a goal for a year, printed in the report's chapter
    "Mål och utfall" beside the outcome."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("mål"))
    year = models.PositiveSmallIntegerField(_("år"))
    text = models.TextField(_("bedömning"), max_length=1000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "goal__order"]
        verbose_name = _("bedömning av mål")
        verbose_name_plural = _("bedömningar av mål")
        constraints = [models.UniqueConstraint(fields=["goal", "year"], name="goal_assessment_unique_per_year")]

    def __str__(self):
        return f"{self.goal} {self.year}"


class MetricValue(models.Model):
    """A yearly figure the records cannot give (newsletters, followers, web visitors, staff)."""

    metric = models.CharField(_("mätvärde"), max_length=60)
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.IntegerField(_("värde"))
    lower_bound = models.BooleanField(
        _("minst"), default=False, help_text=_("Värdet är en nedre gräns och skrivs ”över N”.")
    )
    source = models.CharField(_("källa"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "year"]
        verbose_name = _("inrapporterat mätvärde")
        verbose_name_plural = _("inrapporterade mätvärden")
        constraints = [models.UniqueConstraint(fields=["metric", "year"], name="metric_value_unique_per_year")]

    def __str__(self):
        return f"{self.metric} {self.year}: {self.figure}"

    @property
    def figure(self) -> int:
        """The value as printed: a lower bound reads "över N" wherever it is shown."""
        return AtLeast(self.value) if self.lower_bound else self.value


class ReportText(models.Model):
    """The secretariat's own words for a section of a year's report; the internal note is never printed."""

    year = models.PositiveSmallIntegerField(_("år"))
    section = models.CharField(_("avsnitt"), max_length=30)
    text = models.TextField(_("text i rapporten"), blank=True)
    internal_note = models.TextField(
        _("intern anteckning"), blank=True, help_text=_("Syns bara här, aldrig i rapporten.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "section"]
        verbose_name = _("rapporttext")
        verbose_name_plural = _("rapporttexter")
        constraints = [models.UniqueConstraint(fields=["year", "section"], name="report_text_unique_per_section")]

    def __str__(self):
        return f"{self.year} {self.section}"

    @property
    def paragraphs(self) -> list[str]:
        return [paragraph.strip() for paragraph in self.text.split("\n\n") if paragraph.strip()]


class ReportJob(models.Model):
    """One build of a year's activity report, run by a Celery worker and followed by the browser."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    error = models.TextField(_("fel"), blank=True)
    not_enqueued = models.BooleanField(
        _("kunde inte köas"), default=False, help_text=_("Kön (Redis) svarade inte; jobbet kan startas igen.")
    )
    file = models.FileField(_("fil"), upload_to="reports/", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    # Renewed as the build goes on; a running job whose heartbeat stopped has lost its worker.
    heartbeat_at = models.DateTimeField(_("senaste livstecken"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    runs = models.PositiveSmallIntegerField(_("körningar"), default=0)
    # The day the secretariat publishes the report, printed on its cover; without it, the day it is built.
    published_on = models.DateField(_("publiceringsdag"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapportjobb")
        verbose_name_plural = _("rapportjobb")

    def __str__(self):
        return f"{self.year} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("report_job_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def filename(self) -> str:
        return f"verksamhetsrapport-{self.year}.pdf"
