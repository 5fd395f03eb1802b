"""What audits find: deviations, the corrective actions that answer them, and the reminders about
those actions."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from base.models import EvidenceFile
from krav.models import Clause
from regions.access import ScopedModel
from revisioner.access import CorrectiveActionAccess, DeviationAccess
from revisioner.models.audits import Audit, Rating


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

    class Verification(models.TextChoices):
        DESK = "desk", _("Skrivbordsverifiering")
        ON_SITE = "on_site", _("Verifiering på plats")

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
    verification_method = models.CharField(
        _("verifierad genom"), max_length=10, choices=Verification.choices, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verifierad av"),
    )
    effectiveness_note = models.TextField(
        _("effektivitet"), blank=True, help_text=_("Verifierarens bedömning av om åtgärden fungerar.")
    )
    reopened_in = models.ForeignKey(
        Audit, on_delete=models.SET_NULL, null=True, blank=True, related_name="reopened_deviations"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = version_field()
    history = HistoricalRecords()

    access_owner = "audit__procurement_region_id"
    objects = DeviationQuerySet.as_manager()

    class Meta:
        ordering = ["audit", "clause__number", "pk"]
        verbose_name = _("avvikelse")
        verbose_name_plural = _("avvikelser")
        indexes = [models.Index(fields=["status", "audit"], name="deviation_status_audit")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", verification_method="")
                | models.Q(status="verified") & ~models.Q(verification_method=""),
                name="deviation_verified_has_method",
            ),
        ]

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
        PROPOSED = "proposed", _("Plan föreslagen")
        RETURNED = "returned", _("Plan returnerad")
        PLAN_RECEIVED = "plan_received", _("Plan mottagen")
        IMPLEMENTED = "implemented", _("Genomförd")
        VERIFIED = "verified", _("Verifierad")

    UNFINISHED = (Status.OPEN, Status.PROPOSED, Status.RETURNED, Status.PLAN_RECEIVED)
    # The supplier's plan as it stands: sent and not returned (proposed, accepted, carried out). A
    # deviation with one of these has its plan; a verified action of a deviation a re-audit opened
    # again is history, and a new plan is asked for.
    PLAN_SENT = (Status.PROPOSED, Status.PLAN_RECEIVED, Status.IMPLEMENTED)
    # A plan of the supplier's that is under way, a returned one too (it is changed, not added to):
    # a deviation has one of them at a time.
    PLAN_UNDER_WAY = (*PLAN_SENT, Status.RETURNED)

    deviation = models.ForeignKey(Deviation, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("åtgärd"))
    due_on = models.DateField(_("klart senast"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrective_actions",
        verbose_name=_("ansvarig samordnare"),
    )
    owner = models.CharField(
        _("ansvarig hos leverantören"), max_length=150, blank=True, help_text=_("Vem som genomför åtgärden.")
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föreslagen av"),
    )
    review_comment = models.TextField(_("kommentar till leverantören"), blank=True)
    implementation_note = models.TextField(_("vad som har gjorts"), blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    version = version_field()
    created_with = once_token_field()
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


class ActionEvidence(EvidenceFile):
    """Evidence the supplier sent with a corrective action (its plan or its implementation)."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="evidence")

    class Meta(EvidenceFile.Meta):
        verbose_name = _("underlag till åtgärd")
        verbose_name_plural = _("underlag till åtgärder")


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
