"""The kernel's own rows: the outbox of background jobs and the heartbeat of the workers."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxJobQuerySet(models.QuerySet):
    def waiting(self):
        """Jobs not yet handed to the broker, oldest first."""
        return self.filter(handed_over_at__isnull=True).order_by("created_at", "pk")


class OutboxJob(models.Model):
    """A job that a change asked for, written in the change's own transaction.

    It is handed to Celery once the transaction commits; if the broker is down the row waits, and
    the outbox is drained when the broker is back (beat every minute, and a worker as it starts).
    The tasks themselves are idempotent (their job or mail rows), so handing one over twice is safe.
    """

    task = models.CharField(_("uppgift"), max_length=200)
    args = models.JSONField(_("argument"), default=list)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    handed_over_at = models.DateTimeField(_("lämnad till kön"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)

    objects = OutboxJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("jobb i utkorgen")
        verbose_name_plural = _("utkorgen")
        indexes = [models.Index(fields=["created_at"], name="outbox_waiting", condition=Q(handed_over_at__isnull=True))]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class Heartbeat(models.Model):
    """When a process of a kind (the worker, through beat) last said it was alive."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"


def evidence_path(instance, filename: str) -> str:
    """Evidence files are stored under a path of their own; the name people gave the file is kept
    in the row (``name``) and never used as a path."""
    return f"underlag/{instance._meta.app_label}/{uuid.uuid4().hex}"


class EvidenceFile(models.Model):
    """A file sent as evidence (base.uploads.check_upload checked it): the stored object, the name
    the sender gave it, its size, type by content and checksum, who sent it and when."""

    file = models.FileField(_("fil"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("filnamn"), max_length=150)
    size = models.PositiveBigIntegerField(_("storlek"))
    content_type = models.CharField(_("filtyp"), max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skickad av"),
    )
    uploaded_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name
