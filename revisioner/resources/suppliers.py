"""Suppliers: the import (identity, similar names, parent companies) and the export."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields
from simple_history.utils import bulk_update_with_history

from base.history import bulk_create_with_history
from base.imports import line_of, set_in_bulk
from revisioner import access
from revisioner.identifiers import normalise_name, normalise_org_number
from revisioner.models import SWEDEN, Supplier, SupplierAlias
from revisioner.resources.base import RevisionerResource
from revisioner.resources.cells import LIST_SEPARATOR, YES, cell, listed
from revisioner.resources.matching import SupplierIndex, identifier_keys, supplier_keys

# Suppliers -------------------------------------------------------------------------------------

# Translated only when a row has the problem: a message translated for each of 50 000 rows costs a second.
NAME_LABEL = gettext_lazy("namnet")
SIMILAR_NAME_ADVICE = gettext_lazy("Är det ett annat företag, skriv ja i kolumnen similar_name_ok.")


# The supplier's columns an import compares with the row (in the model's order of fields)
STORED = ("name", "normalised_name", "country", "org_number", "foreign_identifier", "parent_id")
STORED_AT = {attribute: position for position, attribute in enumerate(STORED)}


class SupplierResource(RevisionerResource):
    """Columns: name, org_number (Swedish suppliers), country (default SE), foreign_identifier
    (foreign suppliers), aliases ("A;B"), parent (the parent company's organisation number or
    identifier) and similar_name_ok.

    A row with the organisation number, or the country and identifier, of a known supplier updates
    it; columns the file lacks are left as they are. A name that is the same as another
    supplier's once case, accents and legal forms are set aside is refused as a likely duplicate,
    unless the row says "ja" in similar_name_ok. Written in bulk: 50 000 rows take seconds.

    A row that would change nothing (the same values, parent and aliases the supplier already has) is
    skipped: nothing written, no history, counted as "skip" and left out of the preview. So
    importing the same file again writes nothing."""

    name = fields.Field(attribute="name", column_name="name")
    org_number = fields.Field(attribute="org_number", column_name="org_number")
    country = fields.Field(attribute="country", column_name="country")
    foreign_identifier = fields.Field(attribute="foreign_identifier", column_name="foreign_identifier")
    aliases = fields.Field(column_name="aliases", readonly=True)
    parent = fields.Field(column_name="parent", readonly=True)

    header_aliases = {
        "namn": "name",
        "leverantör": "name",
        "organisationsnummer": "org_number",
        "orgnr": "org_number",
        "land": "country",
        "identitet": "foreign_identifier",
        "momsregistreringsnummer": "foreign_identifier",
        "alternativa namn": "aliases",
        "moderbolag": "parent",
        "annat företag": "similar_name_ok",
    }
    required_columns = frozenset({"name"})
    example = [
        {"name": "Abcur AB", "org_number": "556677-8899", "country": "SE", "aliases": "Abcur"},
        {"name": "Medline GmbH", "country": "DE", "foreign_identifier": "DE123456789", "parent": ""},
    ]
    SAVED_FIELDS = ["name", "normalised_name", "country", "org_number", "foreign_identifier"]

    class Meta:
        model = Supplier
        fields = ["name", "org_number", "country", "foreign_identifier", "aliases", "parent"]
        import_id_fields = []
        use_bulk = True
        batch_size = 2000
        skip_diff = True  # no copy of each instance: skip_row compares with the stored values itself
        skip_unchanged = True
        report_skipped = False  # the preview lists what changes
        chunk_size = 2000

    # Checking the whole file

    def check_rows(self, rows, headers, problems):
        if not headers & {"org_number", "foreign_identifier"}:
            problems.append(_("Kolumnen org_number eller foreign_identifier behövs."))
            return []
        index = SupplierIndex()
        clean, in_file, names_in_file = [], {}, {}
        for position, row in enumerate(rows):
            line = line_of(position)
            values = self._check_identity(row, headers, line, problems, index)
            keys = supplier_keys(values["country"], values["org_number"], values["foreign_identifier"])
            identity = [key for key in keys if key[0] != "bare"]  # a bare identifier may recur in two countries
            repeated = next((in_file[key] for key in identity if key in in_file), None)
            if repeated is not None:
                problems.add_to_row(
                    line,
                    _("%(identifier)s finns redan på rad %(other)d.")
                    % {"identifier": self._shown(values), "other": line_of(repeated)},
                )
            for key in keys:
                in_file.setdefault(key, position)
            normalised = normalise_name(values["name"])
            if not self._yes(row.get("similar_name_ok")):
                self._check_similar(normalised, values, identity[:1], line, problems, index, names_in_file)
            names_in_file.setdefault(normalised, (position, identity[:1], values["name"]))
            fields_to_set = {"name": values["name"], "normalised_name": normalised}
            for column in ("country", "org_number", "foreign_identifier"):
                if column in headers or values["existing"] is None:
                    fields_to_set[column] = values[column]
            aliases = listed(row.get("aliases"))
            for alias in aliases:
                if len(alias) > 200:
                    problems.add(line, "aliases", _("ett namn har högst 200 tecken."))
            clean.append(
                {"existing": values["existing"], "fields": fields_to_set, "aliases": aliases, "position": position}
            )
        if "parent" in headers:
            self._check_parents(rows, clean, in_file, problems, index)
        self._check_may_change(clean, problems)
        return clean

    def _check_may_change(self, clean, problems):
        """A row that changes a known supplier needs the right to change it (access.can_edit_supplier)."""
        if self.user is None or not any(values["existing"] for values in clean):
            return
        editable = access.supplier_ids_editable_by(self.user)
        if editable is None:
            return
        for values in clean:
            if values["existing"] and values["existing"] not in editable:
                problems.add_to_row(
                    line_of(values["position"]),
                    _(
                        "%(name)s är en känd leverantör; den ändras av kansliet och av samordnarna i de "
                        "upphandlingsregioner som har avtal med den."
                    )
                    % {"name": values["fields"]["name"]},
                )

    def _check_identity(self, row, headers, line, problems, index):
        name = self.text(row, "name", line, problems, max_length=200, required=True, label=NAME_LABEL)
        country = cell(row.get("country")).upper() or SWEDEN
        if not re.fullmatch(r"[A-Z]{2}", country):
            problems.add(
                line, "country", _("”%(value)s” är ingen landskod (två bokstäver, t.ex. SE).") % {"value": country}
            )
        org_number = cell(row.get("org_number"))
        if org_number:
            try:
                org_number = normalise_org_number(org_number)
            except ValidationError as error:
                problems.add(line, "org_number", error.messages[0])
        foreign_identifier = self.text(row, "foreign_identifier", line, problems, max_length=40)
        if country == SWEDEN and not org_number:
            problems.add(line, "org_number", _("en svensk leverantör behöver organisationsnummer."))
        if country != SWEDEN and not foreign_identifier:
            problems.add(
                line,
                "foreign_identifier",
                _("en utländsk leverantör behöver momsregistreringsnummer eller annan identitet."),
            )
        by_org = index.by_key.get(("org", org_number), set()) if org_number else set()
        by_foreign = (
            index.by_key.get(("foreign", country, foreign_identifier.lower()), set()) if foreign_identifier else set()
        )
        if by_org and by_foreign and by_org != by_foreign:
            name_of = index.described[next(iter(by_foreign))][0]
            problems.add(
                line,
                "foreign_identifier",
                _("identiteten hör redan till en annan leverantör: %(name)s.") % {"name": name_of},
            )
        existing = next(iter(by_org or by_foreign), None)
        return {
            "name": name,
            "country": country,
            "org_number": org_number,
            "foreign_identifier": foreign_identifier,
            "existing": existing,
        }

    def _check_similar(self, normalised, values, identity, line, problems, index, names_in_file):
        """The duplicate warning: the same name once case, accents and legal forms are set aside."""
        others = index.similar(normalised) - {values["existing"]}
        if others:
            name, identifier = index.described[min(others)]
            problems.add(
                line,
                "name",
                _("en leverantör med nästan samma namn finns redan: %(name)s (%(identifier)s).")
                % {"name": name, "identifier": identifier}
                + " "
                + SIMILAR_NAME_ADVICE,
            )
        earlier = names_in_file.get(normalised) if normalised else None
        if earlier and earlier[1] != identity:
            problems.add(
                line,
                "name",
                _("nästan samma namn som %(name)s på rad %(other)d.")
                % {"name": earlier[2], "other": line_of(earlier[0])}
                + " "
                + SIMILAR_NAME_ADVICE,
            )

    def _check_parents(self, rows, clean, in_file, problems, index):
        """A parent is a supplier already known or one on any line of the file."""
        for position, (row, values) in enumerate(zip(rows, clean, strict=True)):
            text = cell(row.get("parent"))
            values["parent"] = None
            if not text:
                continue
            line = line_of(position)
            in_this_file = next((in_file[key] for key in identifier_keys(text) if key in in_file), None)
            known = index.identify(text)
            if in_this_file is not None:
                values["parent"] = ("row", in_this_file)
            elif known is not None:
                values["parent"] = ("supplier", known)
            else:
                problems.add(line, "parent", _("okänt moderbolag ”%(value)s”.") % {"value": text})
                continue
            if in_this_file == position or (values["existing"] and known == values["existing"]):
                problems.add(line, "parent", _("en leverantör kan inte vara sitt eget moderbolag."))

    @staticmethod
    def _yes(value) -> bool:
        return cell(value).lower() in YES

    @staticmethod
    def _shown(values) -> str:
        if values["org_number"]:
            return values["org_number"]
        return f"{values['country']} {values['foreign_identifier']}"

    # Writing in bulk

    def before_import(self, dataset, **kwargs):
        """Which rows change nothing, decided before any is written; only the suppliers that change
        are read as whole instances."""
        stored = self._stored()
        aliases = self._aliases_of([values["existing"] for values in self._clean if values["aliases"]])
        for values in self._clean:
            values["unchanged"] = self._changes_nothing(values, stored, aliases)
        self._stored_values = stored
        self._instances = Supplier.objects.in_bulk(
            [values["existing"] for values in self._clean if values["existing"] and not values["unchanged"]]
        )
        self._written = []

    def _stored(self) -> dict[int, tuple]:
        """The stored values (STORED) of the known suppliers the file names: the whole register read
        once, which is faster than asking for 50 000 ids."""
        named = {values["existing"] for values in self._clean if values["existing"]}
        if not named:
            return {}
        rows = Supplier.objects.order_by().values_list("pk", *STORED).iterator(chunk_size=5000)
        return {pk: tuple(rest) for pk, *rest in rows if pk in named}

    def _aliases_of(self, supplier_ids) -> dict[int, set[str]]:
        names = {}
        supplier_ids = [pk for pk in supplier_ids if pk]
        for start in range(0, len(supplier_ids), self._meta.batch_size):
            batch = supplier_ids[start : start + self._meta.batch_size]
            for supplier_id, name in SupplierAlias.objects.filter(supplier_id__in=batch).values_list(
                "supplier_id", "name"
            ):
                names.setdefault(supplier_id, set()).add(name)
        return names

    def _changes_nothing(self, values, stored, aliases) -> bool:
        """Whether the row leaves its known supplier as it is: its fields, parent and aliases."""
        current = stored.get(values["existing"])
        if current is None:  # a new supplier (or one removed since the file was checked)
            return False
        if any(current[STORED_AT[attribute]] != value for attribute, value in values["fields"].items()):
            return False
        if not set(values["aliases"]) <= aliases.get(values["existing"], set()):
            return False
        if "parent" in values:
            kind, target = values["parent"] or (None, None)
            parent_id = self._clean[target]["existing"] if kind == "row" else target
            if kind == "row" and parent_id is None:  # a parent new in this file
                return False
            if current[STORED_AT["parent_id"]] != parent_id:
                return False
        return True

    def get_instance(self, instance_loader, row):
        pk = self._current["existing"]
        if pk and self._current["unchanged"]:  # skipped: only its id and name are shown
            return Supplier.from_db(self.get_db_connection_name(), ["id", *STORED], (pk, *self._stored_values[pk]))
        return self._instances.get(pk)

    def init_instance(self, row=None):
        return Supplier()

    def import_instance(self, instance, row, **kwargs):
        if not self._current["unchanged"]:
            super().import_instance(instance, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._current["unchanged"] and not import_validation_errors

    def after_save_instance(self, instance, row, **kwargs):
        self._written.append((instance, self._current))

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic():
                    bulk_create_with_history(
                        self.create_instances, Supplier, batch_size=self._meta.batch_size, user=self.user
                    )
            except Exception as error:  # reported as the file's problem, the transaction rolled back
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                with transaction.atomic():
                    bulk_update_with_history(
                        self.update_instances,
                        Supplier,
                        self.SAVED_FIELDS,
                        batch_size=self._meta.batch_size,
                        default_user=self.user,
                    )
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or result.has_errors():
            return
        # Aliases and parents need the suppliers' ids, known once every batch is written.
        SupplierAlias.objects.bulk_create(
            [
                SupplierAlias(supplier_id=instance.pk, name=alias, normalised_name=normalise_name(alias))
                for instance, values in self._written
                for alias in values["aliases"]
            ],
            batch_size=self._meta.batch_size,
            ignore_conflicts=True,
        )
        pk_by_position = {values["position"]: values["existing"] for values in self._clean if values["existing"]}
        pk_by_position.update((values["position"], instance.pk) for instance, values in self._written)
        parents = {}
        for instance, values in self._written:
            if "parent" not in values:
                continue
            kind, target = values["parent"] or (None, None)
            parent_id = pk_by_position[target] if kind == "row" else target
            if instance.parent_id != parent_id:
                instance.parent_id = parents[instance.pk] = parent_id
        set_in_bulk(Supplier, "parent", parents, batch_size=self._meta.batch_size)

    # Export

    def get_queryset(self):
        return Supplier.objects.select_related("parent").prefetch_related("aliases").order_by("name", "pk")

    def dehydrate_aliases(self, supplier):
        return LIST_SEPARATOR.join(alias.name for alias in supplier.aliases.all())

    def dehydrate_parent(self, supplier):
        return supplier.parent.identifier if supplier.parent_id else ""
