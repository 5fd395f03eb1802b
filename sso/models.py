import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.models import Region
from sso import crypto

DOMAIN = RegexValidator(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$", _("Ange domäner som t.ex. regionhalland.se."))


class IdentityProvider(models.Model):
    """A region's identity provider: its people log in through it (allauth's openid_connect provider,
    fed from this row by sso.adapters.SocialAccountAdapter)."""

    class Protocol(models.TextChoices):
        OIDC = "openid_connect", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="identity_providers", verbose_name=_("region")
    )
    name = models.CharField(_("namn på knappen"), max_length=100, help_text=_("T.ex. Region Hallands inloggning."))
    slug = models.SlugField(_("kortnamn i adressen"), unique=True)
    protocol = models.CharField(_("protokoll"), max_length=20, choices=Protocol.choices, default=Protocol.OIDC)
    issuer = models.URLField(
        _("utfärdare (issuer)"),
        help_text=_(
            "OpenID Connect: identitetstjänstens adress, t.ex. https://login.microsoftonline.com/<tenant>/v2.0. "
            "SAML: identitetstjänstens entity ID."
        ),
    )
    metadata_url = models.URLField(
        _("metadataadress (SAML)"), blank=True, help_text=_("Adressen till identitetstjänstens SAML-metadata.")
    )
    client_id = models.CharField(_("klient-id"), max_length=200, blank=True, help_text=_("OpenID Connect."))
    secret_encrypted = models.TextField(_("klienthemlighet (krypterad)"), blank=True, editable=False)
    secret_variable = models.CharField(
        _("klienthemlighet från miljövariabel"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^[A-Z][A-Z0-9_]*$", _("Namnet skrivs med A–Z, 0–9 och _."))],
        help_text=_("Namnet på en miljövariabel på servern som håller hemligheten, i stället för att spara den här."),
    )
    email_domains = models.TextField(
        _("e-postdomäner"), help_text=_("En per rad: personer med adresser i dessa domäner loggar in här.")
    )
    active = models.BooleanField(_("i bruk"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__short_name", "name"]
        verbose_name = _("identitetstjänst")
        verbose_name_plural = _("identitetstjänster")

    def __str__(self):
        return self.name

    @property
    def domains(self) -> list[str]:
        return [line.strip().lower().lstrip("@") for line in self.email_domains.split() if line.strip()]

    def clean(self):
        if self.protocol == self.Protocol.SAML and not self.metadata_url:
            raise ValidationError({"metadata_url": _("En SAML-inloggning behöver identitetstjänstens metadataadress.")})
        if self.protocol == self.Protocol.OIDC and not self.client_id:
            raise ValidationError({"client_id": _("En OpenID Connect-inloggning behöver ett klient-id.")})
        if not self.domains:
            raise ValidationError({"email_domains": _("Ange minst en e-postdomän.")})
        try:
            for domain in self.domains:
                DOMAIN(domain)
        except ValidationError as error:
            raise ValidationError({"email_domains": error.messages}) from error
        taken = [
            domain
            for other in IdentityProvider.objects.exclude(pk=self.pk).only("email_domains")
            for domain in other.domains
            if domain in self.domains
        ]
        if taken:
            raise ValidationError(
                {
                    "email_domains": _("Domänen hör redan till en annan identitetstjänst: %(domains)s.")
                    % {"domains": ", ".join(taken)}
                }
            )

    def set_secret(self, secret: str) -> None:
        self.secret_encrypted = crypto.encrypt(secret)

    @property
    def secret(self) -> str:
        if self.secret_variable:
            return os.environ.get(self.secret_variable, "")
        return crypto.decrypt(self.secret_encrypted)

    @property
    def has_secret(self) -> bool:
        return bool(self.secret)


class PasswordLogin(models.Model):
    """The secretariat let a person whose region logs in through its identity provider keep logging
    in with a password too (e.g. while the region's provider is being set up)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_login", verbose_name=_("person")
    )
    allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("tillåtet av")
    )
    allowed_at = models.DateTimeField(_("tillåtet"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("undantag för lösenordsinloggning")
        verbose_name_plural = _("undantag för lösenordsinloggning")

    def __str__(self):
        return str(self.user)
