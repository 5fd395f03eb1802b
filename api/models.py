"""Personal access tokens, the batch requests they sent (for Idempotency-Key) and the open data files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from api.access import AccessTokenAccess


class AccessToken(models.Model):
    """A member's token for the API: shown once, stored as its SHA-256 (the token itself is 256
    random bits, so a fast hash is enough), valid until ``expires_on``; ``scope`` read or write."""

    class Scope(models.TextChoices):
        READ = "read", _("Läsa")
        WRITE = "write", _("Läsa och skriva")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. avtalssystemet."))
    prefix = models.CharField(_("början av nyckeln"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("behörighet"), max_length=5, choices=Scope.choices, default=Scope.READ)
    expires_on = models.DateField(_("gäller till och med"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = AccessTokenAccess.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class BatchRequest(models.Model):
    """A contract batch a person sent with an ``Idempotency-Key``: its answer is kept, so a retry
    with the same key and body gets the same answer and creates nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    body_digest = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="batch_request_key_once_per_user")]

    def __str__(self):
        return self.key
