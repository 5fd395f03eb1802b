"""An import of a large file in the background: the dry run that gives its preview, then, once the
person confirms, the import itself; each run by a Celery worker and followed by the browser."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revisioner.access import ImportJobAccess


def stale_after() -> timedelta:
    """A running job without a heartbeat for this long lost its worker (as the report jobs)."""
    return timedelta(seconds=getattr(settings, "IMPORT_JOB_STALE_SECONDS", settings.REPORT_JOB_STALE_SECONDS))


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        SUPPLIERS = "suppliers", _("Leverantörer")
        CONTRACTS = "contracts", _("Avtal")
        AUDITS = "audits", _("Historiska revisioner")

    class Step(models.TextChoices):
        PREVIEW = "preview", _("Förhandsgranskning")
        IMPORT = "import", _("Inläsning")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(_("innehåll"), max_length=10, choices=Kind.choices)
    filename = models.CharField(_("filnamn"), max_length=255)
    # The file in the media storage while it waits for its runs; removed once imported.
    path = models.CharField(_("sökväg i lagringen"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("rader"), default=0)
    step = models.CharField(_("steg"), max_length=10, choices=Step.choices, default=Step.PREVIEW)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    error = models.TextField(_("fel"), blank=True)
    not_enqueued = models.BooleanField(
        _("kunde inte köas"), default=False, help_text=_("Kön (Redis) svarade inte; jobbet kan startas igen.")
    )
    # The step's outcome: the counts, the first rows of the preview, or the problems that refused the file.
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("startad av personen"), auto_now_add=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    # Renewed as the run goes on; a running job whose heartbeat stopped has lost its worker.
    heartbeat_at = models.DateTimeField(_("senaste livstecken"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    runs = models.PositiveSmallIntegerField(_("körningar"), default=0)

    objects = ImportJobAccess.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inläsningsjobb")
        verbose_name_plural = _("inläsningsjobb")
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="importjob_requester_idx")]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("import_job_detail", args=[self.pk])

    @property
    def refused(self) -> bool:
        """The file was read and refused (its problems named); running it again refuses it again."""
        return self.status == self.Status.FAILED and bool(self.result.get("problems"))

    @property
    def lost(self) -> bool:
        """Running, but the worker went silent: it died, and the job can be started again."""
        return (
            self.status == self.Status.RUNNING
            and self.heartbeat_at is not None
            and timezone.now() - self.heartbeat_at >= stale_after()
        )

    @property
    def finished(self) -> bool:
        """Nothing more happens on its own: the page stops polling."""
        done = self.status == self.Status.DONE
        return done or self.status == self.Status.FAILED or self.not_enqueued or self.lost

    @property
    def awaiting_confirmation(self) -> bool:
        return self.step == self.Step.PREVIEW and self.status == self.Status.DONE

    @property
    def restartable(self) -> bool:
        return (self.status == self.Status.FAILED and not self.refused) or self.not_enqueued or self.lost
