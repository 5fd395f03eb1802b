"""Self-assessment requests (förfrågan) built from an adopted assessment template, the supplier's
answer to each criterion with its evidence files, and the reminders about them.

A supplier asked by several procurement regions answers once: there is one open request per
supplier and template version, and every region that asked is in ``asked_by``. The first to ask
leads it (``procurement_region``) and reviews it. Completing the review creates the audit
"Granskning av självskattning" (``audit``); the reviewed self-assessment is valid until
``valid_until`` (the template's ``valid_months``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from base.forms import once_token_field, version_field
from base.models import EvidenceFile
from regions.access import ScopedModel
from regions.models import ProcurementRegion
from revisioner.models import AssessmentTemplate, Audit, Criterion, Deviation, Rating, Supplier
from riskanalys.models import Category
from sjalvskattning.access import AnswerAccess, RequestAccess


class RequestQuerySet(RequestAccess):
    def open(self):
        return self.filter(status__in=Request.OPEN_STATES)

    def waiting_for_supplier(self):
        return self.filter(status__in=(Request.Status.SENT, Request.Status.RETURNED))

    def waiting_for_review(self):
        return self.filter(status=Request.Status.SUBMITTED)


class Request(ScopedModel, models.Model):
    """A questionnaire sent to one supplier: the criteria of one template version, answered once."""

    class Status(models.TextChoices):
        SENT = "sent", _("Skickad")
        SUBMITTED = "submitted", _("Besvarad, väntar på granskning")
        RETURNED = "returned", _("Återsänd för komplettering")
        REVIEWED = "reviewed", _("Granskad")
        CANCELLED = "cancelled", _("Återkallad")

    OPEN_STATES = (Status.SENT, Status.SUBMITTED, Status.RETURNED)

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="self_assessments", verbose_name=_("leverantör")
    )
    template = models.ForeignKey(
        AssessmentTemplate, on_delete=models.PROTECT, related_name="requests", verbose_name=_("bedömningsmall")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="self_assessments", verbose_name=_("inköpskategori")
    )
    procurement_region = models.ForeignKey(
        ProcurementRegion,
        on_delete=models.PROTECT,
        related_name="led_self_assessments",
        verbose_name=_("granskande upphandlingsregion"),
    )
    asked_by = models.ManyToManyField(
        ProcurementRegion, related_name="self_assessments", verbose_name=_("efterfrågad av")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SENT)
    due_on = models.DateField(_("svar senast"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("skickad"), default=timezone.now)
    submitted_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskad av"),
    )
    audit = models.OneToOneField(
        Audit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="self_assessment",
        verbose_name=_("granskning"),
    )
    valid_until = models.DateField(_("giltig till"), null=True, blank=True)
    version = version_field()
    created_with = once_token_field()
    history = HistoricalRecords(m2m_fields=[asked_by])

    access_owner = "procurement_region_id"
    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("självskattning")
        verbose_name_plural = _("självskattningar")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "template"],
                condition=Q(status__in=["sent", "submitted", "returned"]),
                name="one_open_request_per_supplier_and_template",
                violation_error_message=_("Leverantören har redan en öppen självskattning efter den här mallen."),
            ),
            models.CheckConstraint(
                condition=~Q(status="reviewed") | Q(audit__isnull=False, reviewed_at__isnull=False),
                name="reviewed_request_has_its_audit",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="request_status_due"),
            models.Index(fields=["supplier", "status"], name="request_supplier_status"),
        ]

    def __str__(self):
        return f"{self.supplier} – {self.template}"

    def get_absolute_url(self):
        return reverse("self_assessment_detail", args=[self.pk])

    def get_supplier_url(self):
        return reverse("supplier_request", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def answerable(self) -> bool:
        """The supplier writes answers: before submitting, and again when returned for completion."""
        return self.status in (self.Status.SENT, self.Status.RETURNED)

    @property
    def overdue(self) -> bool:
        return self.answerable and self.due_on < timezone.localdate()


class AnswerQuerySet(AnswerAccess):
    def unanswered(self):
        return self.filter(value="")

    def to_complete(self):
        return self.filter(review=Answer.Review.NEEDS_COMPLETION)


class Answer(ScopedModel, models.Model):
    """The supplier's answer to one criterion, and the coordinator's review of it."""

    Value = Rating.Value

    class Review(models.TextChoices):
        PENDING = "pending", _("Ej granskat")
        ACCEPTED = "accepted", _("Godkänt")
        NEEDS_COMPLETION = "needs_completion", _("Behöver kompletteras")
        NOT_MET = "not_met", _("Uppfylls inte")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    value = models.CharField(_("svar"), max_length=15, choices=Rating.Value.choices, blank=True)
    text = models.TextField(_("beskrivning"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("besvarat"), null=True, blank=True)
    review = models.CharField(_("granskning"), max_length=20, choices=Review.choices, default=Review.PENDING)
    review_comment = models.TextField(
        _("kommentar till leverantören"), blank=True, help_text=_("Leverantören ser kommentaren.")
    )
    severity = models.CharField(
        _("avvikelsens allvarlighetsgrad"), max_length=10, choices=Deviation.Severity.choices, blank=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("granskat"), null=True, blank=True)
    deviation = models.OneToOneField(Deviation, on_delete=models.SET_NULL, null=True, blank=True, related_name="answer")
    version = version_field()
    history = HistoricalRecords()

    access_owner = "request__procurement_region_id"
    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["request", "criterion__number"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["request", "criterion"], name="one_answer_per_criterion"),
            models.CheckConstraint(
                condition=~Q(review__in=["needs_completion", "not_met"]) | ~Q(review_comment=""),
                name="answer_review_explained",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.number}: {self.get_value_display() or '–'}"

    @property
    def editable_by_supplier(self) -> bool:
        request = self.request
        if request.status == Request.Status.SENT:
            return True
        return request.status == Request.Status.RETURNED and self.review == self.Review.NEEDS_COMPLETION


class AnswerEvidence(EvidenceFile):
    """A file the supplier sent with an answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")

    class Meta(EvidenceFile.Meta):
        verbose_name = _("underlag till svar")
        verbose_name_plural = _("underlag till svar")


class RequestReminder(models.Model):
    """A reminder mailed about a request: before the due date and after it; one of each per state."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Svar senast om 7 dagar")
        OVERDUE = "overdue", _("Svaret är försenat")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    request_status = models.CharField(max_length=10, choices=Request.Status.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse om självskattning")
        verbose_name_plural = _("påminnelser om självskattningar")
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "request_status"], name="one_request_reminder_per_state")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.request}"
