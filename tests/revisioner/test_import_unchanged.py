"""Importing a supplier file again: a row that changes nothing is skipped (no write, no history), a
row that changes something is written as before, and the preview says what changes."""

import csv

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from import_export.formats.base_formats import CSV
from import_export.results import RowResult

from base.imports import preview_context
from revisioner.identifiers import with_check_digit
from revisioner.models import Supplier, SupplierAlias
from revisioner.resources import SupplierResource

COLUMNS = ["name", "org_number", "country", "foreign_identifier", "aliases", "parent"]
SUPPLIER_TABLES = ('"revisioner_supplier"', '"revisioner_historicalsupplier"', '"revisioner_supplieralias"')


def _rows(count=30):
    """Swedish and foreign suppliers, some with aliases, some with a parent on an earlier line."""
    rows = []
    for n in range(count):
        if n % 10 == 3:
            rows.append({"name": f"Lieferant {n} GmbH", "country": "DE", "foreign_identifier": f"DE{800000 + n}"})
            continue
        row = {"name": f"Leverantör {n} AB", "org_number": with_check_digit(f"{556100000 + n:09d}"), "country": "SE"}
        if n % 5 == 0:
            row["aliases"] = f"Lev {n};L{n}"
        if n % 7 == 1:
            row["parent"] = rows[n - 1].get("org_number") or f"DE {rows[n - 1]['foreign_identifier']}"
        rows.append(row)
    return rows


def _text(rows):
    lines = [",".join(COLUMNS)] + [",".join(row.get(column, "") for column in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def _import(rows, **kwargs):
    result = SupplierResource().import_data(CSV().create_dataset(_text(rows)), **kwargs)
    assert not result.has_errors() and not result.has_validation_errors()
    return result


def _writes(queries):
    """The INSERT, UPDATE and DELETE statements on the suppliers, their history and their aliases."""
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        and any(table in query["sql"] for table in SUPPLIER_TABLES)
    ]


def _history_lengths():
    return {supplier.pk: supplier.history.count() for supplier in Supplier.objects.all()}


def test_importing_the_same_file_again_writes_nothing_and_reports_every_row_unchanged(reference):
    rows = _rows()
    _import(rows)
    history = _history_lengths()
    assert len(history) == 30 and set(history.values()) == {1}

    with CaptureQueriesContext(connection) as queries:
        result = _import(rows)

    assert _writes(queries) == []
    assert _history_lengths() == history
    assert (result.totals[RowResult.IMPORT_TYPE_NEW], result.totals[RowResult.IMPORT_TYPE_UPDATE]) == (0, 0)
    assert result.totals[RowResult.IMPORT_TYPE_SKIP] == 30


def test_the_command_imports_an_unchanged_file_without_writing(reference, tmp_path, capsys):
    path = tmp_path / "leverantorer.csv"
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(_rows())
    call_command("import", "revisioner.resources.SupplierResource", str(path), "--noinput")
    history = _history_lengths()

    with CaptureQueriesContext(connection) as queries:
        call_command("import", "revisioner.resources.SupplierResource", str(path), "--noinput")

    assert _writes(queries) == []
    assert _history_lengths() == history
    assert "0 new, 0 updated, 0 deleted and 30 skipped" in capsys.readouterr().err


def test_a_file_with_one_changed_row_updates_that_supplier_only_and_records_its_change(reference):
    rows = _rows()
    _import(rows)
    history = _history_lengths()
    rows[12]["name"] = "Leverantör 12 Nordic AB"

    with CaptureQueriesContext(connection) as queries:
        result = _import(rows)

    changed = Supplier.objects.get(org_number=rows[12]["org_number"])
    assert changed.name == "Leverantör 12 Nordic AB" and changed.normalised_name == "leverantor 12 nordic"
    assert changed.history.count() == 2 and changed.history.first().name == "Leverantör 12 Nordic AB"
    assert _history_lengths() == {**history, changed.pk: 2}
    updates = [sql for sql in _writes(queries) if sql.startswith('UPDATE "revisioner_supplier"')]
    assert len(updates) == 1 and updates[0].count("WHEN") == len(SupplierResource.SAVED_FIELDS)  # one row
    assert [row.object_id for row in result.rows] == [changed.pk]
    assert result.totals[RowResult.IMPORT_TYPE_UPDATE] == 1 and result.totals[RowResult.IMPORT_TYPE_SKIP] == 29


@pytest.mark.parametrize(
    "change",
    ["a new alias", "another parent", "no parent any more", "a parent new in the file"],
)
def test_a_row_that_changes_only_aliases_or_parent_is_not_skipped(reference, change):
    rows = _rows()
    _import(rows)
    if change == "a new alias":
        rows[5]["aliases"] = "Lev 5;L5;Femman"
        target = rows[5]
    elif change == "another parent":
        rows[8]["parent"] = rows[0]["org_number"]
        target = rows[8]
    elif change == "no parent any more":
        rows[1]["parent"] = ""
        target = rows[1]
    else:
        rows.append({"name": "Moderbolaget AB", "org_number": with_check_digit("556199999"), "country": "SE"})
        rows[2]["parent"] = rows[-1]["org_number"]
        target = rows[2]

    result = _import(rows)

    supplier = Supplier.objects.get(org_number=target["org_number"])
    assert result.totals[RowResult.IMPORT_TYPE_UPDATE] == 1
    assert [row.object_id for row in result.rows if row.import_type == RowResult.IMPORT_TYPE_UPDATE] == [supplier.pk]
    if change == "a new alias":
        assert SupplierAlias.objects.filter(supplier=supplier, name="Femman").exists()
    else:
        expected = Supplier.objects.get(org_number=target["parent"]) if target["parent"] else None
        assert supplier.parent == expected


def test_the_preview_of_an_unchanged_file_says_nothing_changes(reference):
    rows = _rows()
    _import(rows)

    with CaptureQueriesContext(connection) as queries:
        result = _import(rows, dry_run=True)

    assert _writes(queries) == []
    context = preview_context(result, {RowResult.IMPORT_TYPE_NEW: "Ny", RowResult.IMPORT_TYPE_UPDATE: "Ändras"})
    assert (context["new"], context["updated"], context["preview"]) == (0, 0, [])


def test_the_browser_preview_of_an_unchanged_file_says_the_file_changes_nothing(kansliet, tmp_path, client, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    rows = _rows()
    _import(rows)
    client.force_login(kansliet)
    path = tmp_path / "leverantorer.csv"
    path.write_text(_text(rows), encoding="utf-8")

    with open(path, "rb") as file:
        response = client.post(reverse("revisioner_import"), {"kind": "suppliers", "file": file})

    html = response.content.decode()
    assert response.status_code == 200 and "Förhandsgranskning av leverantorer.csv" in html
    assert "Filen ändrar ingenting." in html and "<td>Ändras</td>" not in html


def test_the_preview_of_a_file_with_one_changed_row_lists_that_row(reference):
    rows = _rows()
    _import(rows)
    rows[20]["name"] = "Leverantör 20 Sverige AB"

    result = _import(rows, dry_run=True)

    context = preview_context(result, {RowResult.IMPORT_TYPE_NEW: "Ny", RowResult.IMPORT_TYPE_UPDATE: "Ändras"})
    assert context["preview"] == [("Ändras", "Leverantör 20 Sverige AB")]
    assert Supplier.objects.filter(name="Leverantör 20 AB").exists()  # a dry run only
