"""Suppliers: create, change, merge; duplicates are refused."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import bump, check_version, locked_copy, save_once
from base.history import record_acting_user
from revisioner import access
from revisioner.identifiers import normalise_name
from revisioner.models import Audit, Contract, PlanEntry, Supplier, SupplierAlias, SupplierContact, SupplierMessage
from revisioner.services.common import _save
from revisioner.signals import supplier_merging

# Suppliers -----------------------------------------------------------------------------------

NOT_YOUR_SUPPLIER = gettext_lazy(
    "Leverantören ändras av kansliet och av samordnarna i de upphandlingsregioner som har avtal med den."
)


def possible_duplicates(*, name: str, org_number="", country="SE", foreign_identifier="", exclude=None):
    """Suppliers that may be the same: the same identifier, or a name (or alias) that is the same
    once case, accents, punctuation and legal forms (AB, GmbH …) are set aside."""
    normalised = normalise_name(name)
    same = Q(pk__in=[])
    if org_number:
        same |= Q(org_number=org_number)
    if foreign_identifier:
        same |= Q(country=country, foreign_identifier__iexact=foreign_identifier)
    if normalised:
        same |= Q(normalised_name=normalised) | Q(aliases__normalised_name=normalised)
    found = Supplier.objects.filter(same).distinct()
    return found.exclude(pk=exclude.pk) if exclude is not None and exclude.pk else found


@transaction.atomic
def save_supplier(*, acting_user, supplier: Supplier, aliases=(), allow_similar_name=False) -> Supplier:
    """Create or change a supplier. A supplier with the same identifier is refused; one with a
    near-identical name is refused unless the person confirms it is another company. A known
    supplier is changed only by those ``access.can_edit_supplier`` allows, and only from the
    version the person's form started from (``supplier.version``; else base.forms.StaleEdit). A
    new supplier's form sent twice (its token in ``supplier.created_with``) raises
    base.forms.AlreadyCreated with the supplier the first submit created."""
    if supplier.pk is None:
        return save_once(supplier, lambda: _write_supplier(acting_user, supplier, aliases, allow_similar_name))
    if not access.can_edit_supplier(acting_user, supplier):
        raise ValidationError(NOT_YOUR_SUPPLIER, code="not_allowed")
    check_version(locked_copy(supplier), supplier.version)
    return _write_supplier(acting_user, supplier, aliases, allow_similar_name)


def _write_supplier(acting_user, supplier: Supplier, aliases, allow_similar_name) -> Supplier:
    duplicates = possible_duplicates(
        name=supplier.name,
        org_number=supplier.org_number,
        country=supplier.country,
        foreign_identifier=supplier.foreign_identifier,
        exclude=supplier,
    )
    for duplicate in duplicates:
        same_identifier = (supplier.org_number and duplicate.org_number == supplier.org_number) or (
            supplier.foreign_identifier
            and duplicate.country == supplier.country
            and duplicate.foreign_identifier.lower() == supplier.foreign_identifier.lower()
        )
        if same_identifier:
            raise ValidationError(
                _("%(identifier)s finns redan: %(name)s.")
                % {"identifier": supplier.identifier, "name": duplicate.name},
                code="same_identifier",
            )
        if not allow_similar_name:
            raise ValidationError(
                _("En leverantör med nästan samma namn finns redan: %(name)s (%(identifier)s).")
                % {"name": duplicate.name, "identifier": duplicate.identifier},
                code="similar_name",
            )
    _save(supplier, acting_user)
    for alias in aliases:
        if alias.strip():
            SupplierAlias.objects.get_or_create(supplier=supplier, name=alias.strip())
    return supplier


@transaction.atomic
def merge_suppliers(*, acting_user, source: Supplier, target: Supplier) -> Supplier:
    """Move everything of ``source`` to ``target`` and keep its name as an alias; ``source`` goes.
    Apps above revisioner move their own rows on ``revisioner.signals.supplier_merging``."""
    if source.pk == target.pk:
        raise ValidationError(_("En leverantör kan inte slås samman med sig själv."))
    if not (
        access.can_merge_suppliers(acting_user)
        and access.can_edit_supplier(acting_user, source)
        and access.can_edit_supplier(acting_user, target)
    ):
        raise ValidationError(NOT_YOUR_SUPPLIER, code="not_allowed")
    for model in (Contract, Audit):
        for row in model.objects.unscoped().select_for_update().filter(supplier=source):
            row.supplier = target
            record_acting_user(row, acting_user)
            bump(row)
            row.save(update_fields=["supplier", "version"])
    taken = set(PlanEntry.objects.unscoped().filter(supplier=target).values_list("plan_id", "category_id"))
    for entry in PlanEntry.objects.unscoped().filter(supplier=source):
        if (entry.plan_id, entry.category_id) in taken:
            entry.delete()
        else:
            entry.supplier = target
            entry.save(update_fields=["supplier"])
    known = set(target.aliases.values_list("name", flat=True)) | {target.name}
    for alias in source.aliases.all():
        if alias.name not in known:
            SupplierAlias.objects.create(supplier=target, name=alias.name)
            known.add(alias.name)
    if source.name not in known:
        SupplierAlias.objects.create(supplier=target, name=source.name)
    for subsidiary in Supplier.objects.select_for_update().filter(parent=source).exclude(pk=target.pk):
        subsidiary.parent = target
        record_acting_user(subsidiary, acting_user)
        bump(subsidiary)
        subsidiary.save(update_fields=["parent", "version"])
    # The supplier's contact persons answer for the merged one; its messages are the merged one's history.
    for contact in SupplierContact.objects.filter(supplier=source):
        record_acting_user(contact, acting_user)
        if SupplierContact.objects.filter(user_id=contact.user_id, supplier=target).exists():
            contact.delete()
        else:
            contact.supplier = target
            contact.save(update_fields=["supplier"])
    SupplierMessage.objects.filter(supplier=source).update(supplier=target)
    supplier_merging.send(sender=Supplier, source=source, target=target, acting_user=acting_user)
    record_acting_user(source, acting_user)
    source.delete()
    return target
