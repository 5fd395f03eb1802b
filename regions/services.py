"""Changes to people and memberships. Views parse and call these; each is atomic and
records the acting user in the change history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from base.history import record_acting_user
from base.mail import send_templated
from base.registry import sign_in_elsewhere
from regions.access import SUPPLIER_ROLES, Role, forget_scope, holds_supplier_role, role_excluded_for
from regions.models import Membership, User
from regions.tokens import invitation_token


@transaction.atomic
def invite_person(*, acting_user, email, name, title="", membership: Membership, site_url: str) -> User:
    """Create a person with one membership and send the invitation once the transaction commits."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Det finns redan en person med e-postadressen %(email)s.") % {"email": email}}
        )
    user = User(email=email, name=name, title=title, invited_at=timezone.now(), invited_by=acting_user)
    user.set_unusable_password()
    record_acting_user(user, acting_user)
    user.save()
    membership.user = user
    record_acting_user(membership, acting_user)
    membership.save()
    transaction.on_commit(lambda: send_invitation(user, site_url=site_url))
    return user


def invitation_url(user, site_url: str) -> str:
    path = reverse(
        "accept_invitation",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_token.make_token(user)},
    )
    return site_url.rstrip("/") + path


def send_invitation(user, *, site_url: str) -> None:
    """The invitation mail; a supplier's contact person gets its own, in Swedish and English, naming
    the supplier(s) they answer for."""
    context = {
        "user": user,
        "url": invitation_url(user, site_url),
        "invited_by": user.invited_by,
        # A person of a region that signs in through its identity provider chooses no password.
        "provider": sign_in_elsewhere(user),
        "login_url": site_url.rstrip("/") + reverse("account_login"),
    }
    if holds_supplier_role(user):
        send_templated("supplier_invitation", context, [user.email])
    else:
        send_templated("invitation", context, [user.email])


@transaction.atomic
def resend_invitation(*, acting_user, user: User, site_url: str) -> None:
    if user.has_accepted_invitation:
        raise ValidationError(_("%(name)s har redan tagit emot inbjudan.") % {"name": user})
    user.invited_at = timezone.now()
    record_acting_user(user, acting_user)
    user.save(update_fields=["invited_at"])
    transaction.on_commit(lambda: send_invitation(user, site_url=site_url))


@transaction.atomic
def accept_invitation(*, user: User, password: str) -> None:
    """Set the first password; the invitation link stops working with it."""
    user.set_password(password)
    record_acting_user(user, user)
    user.save(update_fields=["password"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


@transaction.atomic
def add_membership(*, acting_user, membership: Membership) -> Membership:
    """A role for a person. A person is a member of the cooperation or a supplier's contact person,
    never both (regions.access.role_excluded_for): the other kind of role is refused, saying why."""
    membership.full_clean()
    if role_excluded_for(membership.user, membership.role):
        if membership.role in SUPPLIER_ROLES:
            message = _("%(name)s har en roll i samarbetet och kan inte också vara kontaktperson för en leverantör.")
        else:
            message = _(
                "%(name)s är kontaktperson för en leverantör och kan inte få en roll i samarbetet: samarbetets "
                "sidor visar sådant som leverantörer inte ska se. Ta först bort personen som kontaktperson på "
                "leverantörens sida."
            )
        raise ValidationError({"role": message % {"name": membership.user}})
    record_acting_user(membership, acting_user)
    membership.save()
    forget_scope(membership.user)
    return membership


@transaction.atomic
def remove_membership(*, acting_user, membership: Membership) -> None:
    user = membership.user
    if user == acting_user and membership.role == Role.SECRETARIAT and not _other_secretariat_exists(user):
        raise ValidationError(_("Du kan inte ta bort den sista rollen i kansliet."))
    record_acting_user(membership, acting_user)
    membership.delete()
    forget_scope(user)


def _other_secretariat_exists(user) -> bool:
    return Membership.objects.unscoped().filter(role=Role.SECRETARIAT, user__is_active=True).exclude(user=user).exists()


@transaction.atomic
def set_employing_region(*, acting_user, user: User, region) -> None:
    """Record which region employs a person (None: none of the regions), with who and when in the history."""
    user.employing_region = region
    record_acting_user(user, acting_user)
    user.save(update_fields=["employing_region"])


@transaction.atomic
def set_person_active(*, acting_user, user: User, active: bool) -> None:
    """Deactivate (the person can no longer log in; history is kept) or reactivate."""
    if user == acting_user and not active:
        raise ValidationError(_("Du kan inte inaktivera dig själv."))
    user.is_active = active
    record_acting_user(user, acting_user)
    user.save(update_fields=["is_active"])
