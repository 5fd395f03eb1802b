"""A supplier's contact persons, and the messages the cooperation sends them.

A contact person is invited through the people's invitation flow (regions.services.invite_person)
with the role "Leverantörskontakt" and a SupplierContact row naming the supplier; a person already
known answers for one more supplier. Removing one ends
their access; what they sent stays. Every message to a supplier is a SupplierMessage row, listed
on the supplier's start page and mailed once, after the change commits, to its contact persons."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from base.history import record_acting_user
from base.jobs import enqueue_on_commit
from base.mail import send_templated, site_link
from regions import services as people
from regions.access import Role, forget_scope, holds_supplier_role, role_excluded_for
from regions.models import Membership, User
from revisioner import access
from revisioner.models import CorrectiveAction, Supplier, SupplierContact, SupplierMessage


@transaction.atomic
def invite_supplier_contact(*, acting_user, supplier: Supplier, email, name, title="", site_url: str):
    """Invite a person to answer for ``supplier``: a new user with the supplier-contact role.

    An address already known is the same person: one who answers for another supplier, or once
    answered and was removed, answers for this one too (reactivated, given the role again). They
    get the invitation again while they have not chosen a password, else a notice that they now
    answer for this supplier. A member of the cooperation is never a supplier's contact person
    (``regions.access.role_excluded_for``): refused at the e-mail field."""
    if not access.can_invite_supplier_contact(acting_user, supplier):
        raise ValidationError(_("Du kan inte bjuda in kontaktpersoner för den här leverantören."))
    known = User.objects.select_for_update().filter(email__iexact=User.objects.normalize_email(email)).first()
    if known is None:
        user = people.invite_person(
            acting_user=acting_user,
            email=email,
            name=name,
            title=title,
            membership=Membership(role=Role.SUPPLIER_CONTACT),
            site_url=site_url,
        )
    else:
        user = _answer_for_another(acting_user, known, supplier)
    contact = SupplierContact(user=user, supplier=supplier, invited_by=acting_user)
    record_acting_user(contact, acting_user)
    contact.save()
    forget_scope(user)
    if known is not None:
        if user.has_accepted_invitation:
            context = {
                "user": user, "supplier": supplier, "invited_by": acting_user,
                "url": site_url.rstrip("/") + reverse("supplier_start"),
            }  # fmt: skip
            transaction.on_commit(lambda: send_templated("supplier_contact_added", context, [user.email]))
        else:
            transaction.on_commit(lambda: people.send_invitation(user, site_url=site_url))
    return contact


def _answer_for_another(acting_user, user, supplier: Supplier):
    """A known person made a contact person of ``supplier`` too (the row itself is the caller's)."""
    if role_excluded_for(user, Role.SUPPLIER_CONTACT):
        raise ValidationError(
            {
                "email": _(
                    "%(email)s tillhör en person med en roll i samarbetet, som inte också kan vara kontaktperson "
                    "för en leverantör. Använd en annan e-postadress."
                )
                % {"email": user.email}
            }
        )
    if SupplierContact.objects.filter(user=user, supplier=supplier).exists():
        already = _("%(email)s är redan kontaktperson för leverantören.") % {"email": user.email}
        raise ValidationError({"email": already})
    if not user.is_active:  # removed from the supplier they answered for: back, for this one
        user.is_active = True
        record_acting_user(user, acting_user)
        user.save(update_fields=["is_active"])
    if not user.has_accepted_invitation:  # a new link, naming who invited them now
        user.invited_at, user.invited_by = timezone.now(), acting_user
        record_acting_user(user, acting_user)
        user.save(update_fields=["invited_at", "invited_by"])
    if not holds_supplier_role(user):
        people.add_membership(acting_user=acting_user, membership=Membership(user=user, role=Role.SUPPLIER_CONTACT))
    return user


@transaction.atomic
def remove_supplier_contact(*, acting_user, contact: SupplierContact) -> None:
    """End a contact person's access to the supplier. With no supplier left, the person loses the
    role and, holding no other role, is deactivated; their answers, plans and files stay where they
    were sent. (Someone who is also a member of the cooperation keeps their own roles and account.)"""
    if not access.can_invite_supplier_contact(acting_user, contact.supplier):
        raise ValidationError(_("Du kan inte ta bort kontaktpersoner för den här leverantören."))
    user = contact.user
    record_acting_user(contact, acting_user)
    contact.delete()
    if not SupplierContact.objects.filter(user=user).exists():
        memberships = Membership.objects.unscoped().filter(user=user)
        for membership in memberships.filter(role=Role.SUPPLIER_CONTACT):
            record_acting_user(membership, acting_user)
            membership.delete()
        if not memberships.exists():
            user.is_active = False
            record_acting_user(user, acting_user)
            user.save(update_fields=["is_active"])
    forget_scope(user)


def tell_supplier(*, acting_user, supplier_id: int, kind: str, subject: str, path: str, comment: str = ""):
    """Record a message to the supplier and mail it to its contact persons once the change commits."""
    message = SupplierMessage.objects.create(
        supplier_id=supplier_id, kind=kind, subject=str(subject)[:200], path=path, comment=comment,
        created_by=acting_user,
    )  # fmt: skip
    enqueue_on_commit("revisioner.tasks.mail_supplier_message", message.pk)
    return message


def mail_message(message_id: int) -> bool:
    """Mail a message to the active contact persons who answer for the supplier (its own and its
    parent companies', ``access.answering_supplier_ids``), once: the row remembers it was sent
    (a second run, or a retry after a crash past the send, sends nothing again). In Swedish and English."""
    with transaction.atomic():
        message = SupplierMessage.objects.select_for_update().select_related("supplier").get(pk=message_id)
        if message.mailed_at is not None:
            return False
        # The supplier's own contact persons and those of the companies above it (who answer for it too).
        recipients = sorted(
            set(
                SupplierContact.objects.active()
                .filter(supplier_id__in=access.answering_supplier_ids(message.supplier_id))
                .values_list("user__email", flat=True)
            )
        )
        message.mailed_at = timezone.now()
        message.save(update_fields=["mailed_at"])
        if recipients:
            context = {"message": message, "supplier": message.supplier, "url": site_link(message.path)}
            with translation.override("sv"):
                send_templated("supplier_message", context, recipients)
    return bool(recipients)


def mail_coordinators_of_action(action_id: int, event: str) -> int:
    """Tell the coordinators following a corrective action that the supplier proposed a plan or
    reported it carried out. Returns the number of people mailed."""
    action = (
        CorrectiveAction.objects.unscoped()
        .select_related("responsible", "deviation__audit__supplier", "deviation__clause")
        .get(pk=action_id)
    )
    audit = action.deviation.audit
    if action.responsible_id and action.responsible.is_active:
        recipients = [action.responsible.email]
    else:
        recipients = list(
            Membership.objects.unscoped()
            .filter(role=Role.COORDINATOR, procurement_region_id=audit.procurement_region_id, user__is_active=True)
            .values_list("user__email", flat=True)
        )
    if recipients:
        context = {"action": action, "audit": audit, "event": event, "url": site_link(audit.get_absolute_url())}
        with translation.override("sv"):
            send_templated("supplier_action_news", context, recipients)
    return len(recipients)
