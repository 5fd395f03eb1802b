"""Exports through ``manage.py export``: no cell a spreadsheet program would run as a formula, and
files the import reads back as they were."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Contract, Supplier
from tests import factories

DANGEROUS_NAMES = ['=HYPERLINK("http://evil.example","Klicka")', "+1", "-2", "@x", "\tx", "\rx"]


def _export(format_name, resource):
    """What ``manage.py export`` writes to standard output, as bytes."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", format_name, f"revisioner.resources.{resource}", stdout=out)
    out.flush()
    return out.buffer.getvalue()


@pytest.fixture
def dangerous_suppliers(reference):
    return [
        Supplier.objects.create(name=name, org_number=with_check_digit(f"55600000{n}"))
        for n, name in enumerate(DANGEROUS_NAMES)
    ]


def test_a_csv_export_escapes_every_formula_prefix(dangerous_suppliers):
    rows = list(csv.DictReader(io.StringIO(_export("CSV", "SupplierResource").decode("utf-8"))))
    assert sorted(row["name"] for row in rows) == sorted("'" + name for name in DANGEROUS_NAMES)


def test_an_xlsx_export_escapes_every_formula_prefix(dangerous_suppliers):
    sheet = load_workbook(io.BytesIO(_export("XLSX", "SupplierResource"))).active
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("name")] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in names)  # text, never a formula
    # A carriage return may come back as a line feed, depending on how the XML was written; the
    # apostrophe before it is what counts.
    expected = sorted("'" + name.replace("\r", "\n") for name in DANGEROUS_NAMES)
    assert sorted(cell.value.replace("\r", "\n") for cell in names) == expected


def test_harmless_cells_and_numbers_are_exported_as_they_are(supplier, category):
    Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="RS-1",
        title="Handskar - nitril",
        starts_on=datetime.date(2024, 4, 1),
        yearly_value=1_200_000,
    )
    sheet = load_workbook(io.BytesIO(_export("XLSX", "ContractResource"))).active
    row = dict(zip([cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]], strict=True))
    assert row["title"] == "Handskar - nitril" and row["supplier"] == supplier.org_number
    assert row["yearly_value"] == 1_200_000 and row["starts_on"].date() == datetime.date(2024, 4, 1)


def test_an_escaped_supplier_export_imports_back_unchanged(reference, tmp_path):
    Supplier.objects.create(name="=Fabrik AB", org_number=with_check_digit("556000001"))
    Supplier.objects.create(name="Hartmann GmbH", country="DE", foreign_identifier="DE1")
    path = tmp_path / "leverantorer.csv"
    path.write_bytes(_export("CSV", "SupplierResource"))

    call_command("import", "revisioner.resources.SupplierResource", str(path), "--noinput")

    assert sorted(Supplier.objects.values_list("name", flat=True)) == ["=Fabrik AB", "Hartmann GmbH"]


def test_contracts_and_audits_export_what_their_import_reads(supplier, category, audit_of, tmp_path):
    contract = Contract.objects.create(
        procurement_region=factories.procurement_region("A"),
        supplier=supplier,
        category=category,
        reference="RS-1",
        starts_on=datetime.date(2024, 4, 1),
    )
    contract.regions.add(factories.region("Gotland"))
    Audit.objects.create(
        kind=Audit.Kind.OFFICE,
        supplier=supplier,
        category=category,
        procurement_region=factories.procurement_region("A"),
        year=2018,
        status=Audit.Status.CLOSED,
        internal_notes="Hemligt.",
    )
    for resource, name in (("ContractResource", "c.csv"), ("AuditResource", "a.csv")):
        exported = _export("CSV", resource)
        assert b"Hemligt" not in exported
        (tmp_path / name).write_bytes(exported)
        call_command("import", f"revisioner.resources.{resource}", str(tmp_path / name), "--noinput")

    assert Contract.objects.unscoped().get().regions.get().short_name == "Gotland"
    assert Audit.objects.unscoped().get().visibility == "network"
