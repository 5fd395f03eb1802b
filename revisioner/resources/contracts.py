"""Contracts: the import (a contract by its id or its reference in the procurement region) and the
export."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from base.imports import line_of
from revisioner.models import Contract, Supplier
from revisioner.resources.base import RevisionerResource
from revisioner.resources.cells import LIST_SEPARATOR, cell, to_whole_number
from revisioner.resources.references import ExportsReferences, References, in_chunks, row_id
from revisioner.uptake import record_uptake

# Contracts -------------------------------------------------------------------------------------


class ContractResource(ExportsReferences, RevisionerResource):
    """Columns: id (to change a contract), procurement_region (letter), regions (short names or
    county codes, "Kalmar;Blekinge"), supplier (organisation number or identifier), category (its
    path, "Vårdrelaterad utrustning och förbrukningsvaror > Handskar", or id), reference, title,
    starts_on, ends_on, yearly_value and requirement_versions ("Handskar v2;Tillbörlig aktsamhet v1").

    Without an id, a contract with the same reference in the procurement region is updated. The
    requirement versions of an imported contract count as used by its regions (krav's uptake),
    as when the contract is saved in the browser."""

    id = fields.Field(attribute="id", column_name="id", widget=widgets.IntegerWidget(coerce_to_string=False))
    procurement_region = fields.Field(column_name="procurement_region", readonly=True)
    regions = fields.Field(column_name="regions", readonly=True)
    supplier = fields.Field(column_name="supplier", readonly=True)
    category = fields.Field(column_name="category", readonly=True)
    reference = fields.Field(attribute="reference", column_name="reference")
    title = fields.Field(attribute="title", column_name="title")
    starts_on = fields.Field(
        attribute="starts_on", column_name="starts_on", widget=widgets.DateWidget(coerce_to_string=False)
    )
    ends_on = fields.Field(
        attribute="ends_on", column_name="ends_on", widget=widgets.DateWidget(coerce_to_string=False)
    )
    yearly_value = fields.Field(
        attribute="yearly_value", column_name="yearly_value", widget=widgets.IntegerWidget(coerce_to_string=False)
    )
    requirement_versions = fields.Field(column_name="requirement_versions", readonly=True)

    header_aliases = {
        "upphandlingsregion": "procurement_region",
        "regioner": "regions",
        "leverantör": "supplier",
        "kategori": "category",
        "inköpskategori": "category",
        "avtalsnummer": "reference",
        "benämning": "title",
        "gäller från": "starts_on",
        "gäller till och med": "ends_on",
        "årligt värde": "yearly_value",
        "krav": "requirement_versions",
    }
    required_columns = frozenset({"procurement_region", "regions", "supplier", "category", "reference", "starts_on"})
    example = [
        {
            "procurement_region": "A",
            "regions": "Stockholm;Gotland",
            "supplier": "556677-8899",
            "category": "Vårdrelaterad utrustning och förbrukningsvaror > Handskar",
            "reference": "RS-2024-0117",
            "title": "Undersökningshandskar",
            "starts_on": "2024-04-01",
            "ends_on": "2027-03-31",
            "yearly_value": "12500000",
        }
    ]

    class Meta:
        model = Contract
        fields = [
            "id",
            "procurement_region",
            "regions",
            "supplier",
            "category",
            "reference",
            "title",
            "starts_on",
            "ends_on",
            "yearly_value",
            "requirement_versions",
        ]
        import_id_fields = []
        skip_diff = True
        chunk_size = 2000

    # Checking the whole file

    def check_rows(self, rows, headers, problems):
        references = References(versions="requirement_versions" in headers)
        known = self._known_contracts(rows)
        clean, ids, in_file = [], {}, {}
        for position, row in enumerate(rows):
            line = line_of(position)
            procurement_region = references.procurement_region(row, line, problems, self)
            contract_id = row_id(row, line, problems, ids)
            reference = self.text(
                row, "reference", line, problems, max_length=60, required=True, label=_("avtalsnumret")
            )
            existing = self._existing(contract_id, procurement_region, reference, known, line, problems)
            if procurement_region and reference:
                key = (procurement_region.pk, reference)
                if key in in_file:
                    problems.add(
                        line,
                        "reference",
                        _("avtal %(reference)s finns redan på rad %(other)d.")
                        % {"reference": reference, "other": in_file[key]},
                    )
                in_file.setdefault(key, line)
            starts_on = self.date(row, "starts_on", line, problems, required=True)
            ends_on = self.date(row, "ends_on", line, problems)
            if starts_on and ends_on and ends_on < starts_on:
                problems.add(line, "ends_on", _("avtalet slutar innan det börjar."))
            values = {
                "procurement_region": procurement_region,
                "supplier_id": references.supplier(row, line, problems),
                "category": references.category(row, line, problems),
                "reference": reference,
                "starts_on": starts_on,
            }
            if "title" in headers:
                values["title"] = self.text(row, "title", line, problems, max_length=200)
            if "ends_on" in headers:
                values["ends_on"] = ends_on
            if "yearly_value" in headers:
                try:
                    values["yearly_value"] = to_whole_number(row.get("yearly_value"))
                except ValueError:
                    problems.add(
                        line,
                        "yearly_value",
                        _("”%(value)s” är inget belopp i kronor (ett heltal).") % {"value": cell(row["yearly_value"])},
                    )
            clean.append(
                {
                    "existing": existing,
                    "fields": values,
                    "regions": references.region_list(row, "regions", line, problems, required=True),
                    "versions": (
                        references.version_list(row, line, problems) if "requirement_versions" in headers else None
                    ),
                    "line": line,
                }
            )
        return clean

    def _known_contracts(self, rows) -> dict:
        """The contracts the file names by id, and those it may name by reference."""
        ids = {int(text) for text in (cell(row.get("id")) for row in rows) if text.isdigit()}
        refs = {cell(row.get("reference")) for row in rows} - {""}
        known = {"by_id": {}, "by_reference": {}}
        columns = ("pk", "procurement_region_id", "procurement_region__letter", "reference")
        for chunk in in_chunks(ids):
            for pk, pr_id, letter, reference in (
                self.scoped(Contract.objects).filter(pk__in=chunk).values_list(*columns)
            ):
                known["by_id"][pk] = (pr_id, letter, reference)
        for chunk in in_chunks(refs):
            for pk, pr_id, _letter, reference in (
                self.scoped(Contract.objects).filter(reference__in=chunk).values_list(*columns)
            ):
                known["by_reference"][(pr_id, reference)] = pk
        return known

    @staticmethod
    def _existing(contract_id, procurement_region, reference, known, line, problems):
        by_reference = known["by_reference"].get((procurement_region.pk, reference)) if procurement_region else None
        if contract_id is None:
            return by_reference
        if contract_id not in known["by_id"]:
            problems.add(line, "id", _("okänt avtal %(id)d.") % {"id": contract_id})
            return None
        owner_id, letter, _reference = known["by_id"][contract_id]
        if procurement_region and owner_id != procurement_region.pk:
            problems.add(
                line,
                "id",
                _("avtal %(id)d hör till upphandlingsregion %(other)s, inte %(letter)s.")
                % {"id": contract_id, "other": letter, "letter": procurement_region.letter},
            )
        elif by_reference and by_reference != contract_id:
            problems.add(
                line,
                "reference",
                _("avtalsnummer %(reference)s har redan avtal %(id)d.") % {"reference": reference, "id": by_reference},
            )
        return contract_id

    # Writing row by row, with the suppliers read once

    def before_import(self, dataset, **kwargs):
        existing = [values["existing"] for values in self._clean if values["existing"]]
        self._instances = (
            Contract.objects.unscoped() if self.user is None else Contract.objects.editable_by(self.user)
        ).in_bulk(existing)
        self._suppliers = Supplier.objects.in_bulk({values["fields"]["supplier_id"] for values in self._clean})
        self._written = []

    def get_instance(self, instance_loader, row):
        return self._instances.get(self._current["existing"])

    def init_instance(self, row=None):
        return Contract()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.supplier = self._suppliers[instance.supplier_id]

    def save_m2m(self, instance, row, **kwargs):
        if self._is_dry_run(kwargs) and not self._is_using_transactions(kwargs):
            return
        instance.regions.set(self._current["regions"])
        if self._current["versions"] is not None:
            instance.requirement_versions.set(self._current["versions"])
            self._written.append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or result.has_errors():
            return
        for contract in self._written:
            record_uptake(contract, self.user)

    # Export

    def get_queryset(self):
        return (
            self.scoped(Contract.objects)
            .select_related("procurement_region", "supplier")
            .prefetch_related("regions", "requirement_versions__requirement")
        )

    def dehydrate_regions(self, contract):
        return LIST_SEPARATOR.join(region.short_name for region in contract.regions.all())

    def dehydrate_requirement_versions(self, contract):
        return LIST_SEPARATOR.join(str(version) for version in contract.requirement_versions.all())
