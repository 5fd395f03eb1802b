"""Changes to identity providers and password exceptions; atomic, with the acting user in history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from base.history import record_acting_user
from regions.models import User
from sso.models import IdentityProvider, PasswordLogin


@transaction.atomic
def save_identity_provider(*, acting_user, provider: IdentityProvider, secret: str = "") -> IdentityProvider:
    """Store the provider; a new secret replaces the stored one (encrypted), an empty one keeps it."""
    if secret:
        provider.set_secret(secret)
    if provider.secret_variable:
        provider.secret_encrypted = ""
    provider.full_clean()
    record_acting_user(provider, acting_user)
    provider.save()
    return provider


@transaction.atomic
def allow_password_login(*, acting_user, email: str) -> PasswordLogin:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ValidationError({"email": _("Det finns ingen person med e-postadressen %(email)s.") % {"email": email}})
    allowance, _created = PasswordLogin.objects.get_or_create(user=user, defaults={"allowed_by": acting_user})
    return allowance


@transaction.atomic
def withdraw_password_login(*, acting_user, allowance: PasswordLogin) -> None:
    record_acting_user(allowance, acting_user)
    allowance.delete()
