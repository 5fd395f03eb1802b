"""The people who answer for a supplier: its contact persons, users of the role "Leverantörskontakt"."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from revisioner.models.suppliers import Supplier


class SupplierContactQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True)


class SupplierContact(models.Model):
    """A person answering for a supplier (and its subsidiaries). Removing the row ends their access;
    what they sent stays with the request, the answer or the action it belongs to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supplier_contacts", verbose_name=_("person")
    )
    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("leverantör")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)
    history = HistoricalRecords()

    objects = SupplierContactQuerySet.as_manager()

    class Meta:
        ordering = ["supplier", "user__name"]
        verbose_name = _("leverantörskontakt")
        verbose_name_plural = _("leverantörskontakter")
        constraints = [models.UniqueConstraint(fields=["user", "supplier"], name="supplier_contact_once")]

    def __str__(self):
        return f"{self.user} ({self.supplier})"


class SupplierMessage(models.Model):
    """What the cooperation told a supplier: a questionnaire sent, answers returned for completion, a
    deviation to answer, a plan accepted or returned, a deviation verified closed. The supplier's
    start page lists them as its history; each is mailed once (``mailed_at``) to the supplier's
    contact persons, with the link."""

    class Kind(models.TextChoices):
        REQUEST_SENT = "request_sent", _("Självskattning att besvara")
        REQUEST_RETURNED = "request_returned", _("Svar att komplettera")
        REQUEST_REVIEWED = "request_reviewed", _("Självskattningen är granskad")
        REQUEST_REMINDER = "request_reminder", _("Påminnelse om självskattning")
        DEVIATION_OPENED = "deviation_opened", _("Avvikelse att åtgärda")
        PLAN_ACCEPTED = "plan_accepted", _("Åtgärdsplanen är godkänd")
        PLAN_RETURNED = "plan_returned", _("Åtgärdsplanen behöver ändras")
        DEVIATION_VERIFIED = "deviation_verified", _("Avvikelsen är verifierad åtgärdad")

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("meddelande"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("gäller"), max_length=200)
    comment = models.TextField(_("kommentar"), blank=True)
    path = models.CharField(_("länk"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skickat"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("mejlat"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("meddelande till leverantör")
        verbose_name_plural = _("meddelanden till leverantörer")
        indexes = [models.Index(fields=["supplier", "-created_at"], name="supplier_message_recent")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"
