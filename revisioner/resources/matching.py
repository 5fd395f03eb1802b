"""Finding the supplier a row means: by organisation number, foreign identifier or name, with the
whole register read once per file."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from revisioner.identifiers import normalise_org_number
from revisioner.models import SWEDEN, Supplier, SupplierAlias
from revisioner.resources.cells import cell

# Finding suppliers -----------------------------------------------------------------------------

FOREIGN_IDENTIFIER = re.compile(r"([A-Za-z]{2})[\s:]+(\S.*)")


def identifier_keys(text: str) -> list[tuple]:
    """The keys a supplier may be known by from how a file names it: an organisation number
    (556677-8899), a country and identifier as shown on the pages ("DE DE123456789"), or a bare
    foreign identifier."""
    text = cell(text)
    if not text:
        return []
    try:
        return [("org", normalise_org_number(text))]
    except ValidationError:
        pass
    keys = []
    foreign = FOREIGN_IDENTIFIER.fullmatch(text)
    if foreign:
        keys.append(("foreign", foreign.group(1).upper(), foreign.group(2).strip().lower()))
    return [*keys, ("bare", text.lower())]


def supplier_keys(country: str, org_number: str, foreign_identifier: str) -> list[tuple]:
    keys = [("org", org_number)] if org_number else []
    if foreign_identifier:
        keys += [("foreign", country, foreign_identifier.lower()), ("bare", foreign_identifier.lower())]
    return keys


class SupplierIndex:
    """Every supplier by identifier and by name, read once for a file (two queries)."""

    def __init__(self):
        self.by_key: dict[tuple, set[int]] = {}
        self.by_normalised_name: dict[str, set[int]] = {}
        self.by_exact_name: dict[str, set[int]] = {}
        self.described: dict[int, tuple[str, str]] = {}  # pk -> (name, identifier)
        rows = Supplier.objects.values_list(
            "pk", "name", "normalised_name", "country", "org_number", "foreign_identifier"
        )
        for pk, name, normalised, country, org_number, foreign_identifier in rows.iterator(chunk_size=5000):
            for key in supplier_keys(country, org_number, foreign_identifier):
                self.by_key.setdefault(key, set()).add(pk)
            self._add_name(pk, name, normalised)
            identifier = org_number if country == SWEDEN else f"{country} {foreign_identifier}"
            self.described[pk] = (name, identifier)
        for pk, name, normalised in SupplierAlias.objects.values_list("supplier_id", "name", "normalised_name"):
            self._add_name(pk, name, normalised)

    def _add_name(self, pk, name, normalised):
        if normalised:
            self.by_normalised_name.setdefault(normalised, set()).add(pk)
        self.by_exact_name.setdefault(name.strip().lower(), set()).add(pk)

    def identify(self, text, *, by_name=False) -> int | None:
        """The one supplier ``text`` names (an identifier, or with ``by_name`` an exact name or
        alias); None when none or several match."""
        for key in identifier_keys(text):
            found = self.by_key.get(key, set())
            if len(found) == 1:
                return next(iter(found))
        if by_name:
            found = self.by_exact_name.get(cell(text).lower(), set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def similar(self, normalised: str) -> set[int]:
        return self.by_normalised_name.get(normalised, set()) if normalised else set()


def unknown_supplier(text) -> str:
    return _(
        "okänd leverantör ”%(value)s”; ange organisationsnummer, eller land och identitet som ”DE DE123456789”."
    ) % {"value": text}
