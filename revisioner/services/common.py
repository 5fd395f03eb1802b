"""What every workflow of revisioner shares: saving with the version and the acting user, and the
check of who leads a procurement region."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from base.forms import StaleEdit, bump
from base.history import record_acting_user
from revisioner import access
from revisioner.models import Audit, Contract, CorrectiveAction, Deviation, Supplier

Status = Audit.Status
# Rows people edit from forms: base.forms versions.
VERSIONED = (Supplier, Contract, Audit, Deviation, CorrectiveAction)


def _save(instance, acting_user, *, versioned: bool | None = None, **clean):
    """Validate and save; an existing versioned row (its row locked by the caller) gets the next
    version in the same UPDATE. ``versioned``: whether the row is (default: one of ``VERSIONED``;
    the apps above say so of their own rows)."""
    instance.full_clean(**clean)
    if versioned is None:
        versioned = isinstance(instance, VERSIONED)
    if instance.pk is not None and versioned:
        bump(instance)
    record_acting_user(instance, acting_user)
    instance.save()
    return instance


def _check_seen(current, seen_version, what: str) -> None:
    """A change asked for from a page showing an older version of ``current`` is refused: the
    person decided on what they saw, and the row is no longer that."""
    if seen_version is not None and current.version != seen_version:
        raise StaleEdit(
            current,
            _("Någon annan har ändrat %(what)s sedan du öppnade sidan. Se hur det ser ut nu och försök igen.")
            % {"what": what},
        )


def check_leads(user, procurement_region) -> None:
    """Audits and contracts are written by the coordinators of their procurement region (and the secretariat)."""
    if access.can_write_for(user, procurement_region):
        return
    raise ValidationError(
        {"procurement_region": _("Du är inte samordnare i upphandlingsregion %(letter)s.")
         % {"letter": procurement_region.letter}}
    )  # fmt: skip
