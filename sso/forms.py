from django import forms
from django.utils.translation import gettext_lazy as _

from sso.models import IdentityProvider


class IdentityProviderForm(forms.ModelForm):
    issuer = forms.URLField(
        label=IdentityProvider._meta.get_field("issuer").verbose_name,
        help_text=IdentityProvider._meta.get_field("issuer").help_text,
        assume_scheme="https",
    )
    secret = forms.CharField(
        label=_("klienthemlighet"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Sparas krypterad och visas aldrig igen. Lämna tomt för att behålla den sparade."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "region", "protocol", "name", "slug", "issuer", "metadata_url", "client_id", "secret_variable",
            "email_domains", "active",
        ]  # fmt: skip
        widgets = {"email_domains": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        has_stored = bool(self.instance.pk and self.instance.secret_encrypted)
        has_secret = cleaned.get("secret") or cleaned.get("secret_variable") or has_stored
        if cleaned.get("protocol") == IdentityProvider.Protocol.OIDC and not has_secret:
            self.add_error("secret", _("Ange klienthemligheten eller namnet på miljövariabeln som innehåller den."))
        return cleaned


class PasswordLoginForm(forms.Form):
    email = forms.EmailField(label=_("e-postadress"))
