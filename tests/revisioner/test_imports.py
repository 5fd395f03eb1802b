"""Imports of suppliers, contracts and historical audits: all rows or none, each problem naming
its spreadsheet line (the header is line 1) and column, through ``manage.py import`` and the
browser's preview and confirmation."""

import csv
import datetime
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from import_export.formats.base_formats import CSV

from krav.models import Uptake
from regions.access import Visibility
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, Contract, Supplier
from revisioner.resources import SupplierResource
from tests import factories

SUPPLIER_COLUMNS = ["name", "org_number", "country", "foreign_identifier", "aliases", "parent", "similar_name_ok"]
CONTRACT_COLUMNS = [
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
AUDIT_COLUMNS = [
    "id",
    "year",
    "kind",
    "supplier",
    "category",
    "procurement_region",
    "performed_on",
    "status",
    "summary",
]


def _write(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(resource, path, capsys):
    """``manage.py import`` of a file that must be refused: its exit status and what it printed."""
    with pytest.raises(CommandError) as refused:
        call_command("import", f"revisioner.resources.{resource}", str(path), "--noinput")
    return refused.value.returncode, capsys.readouterr().err + str(refused.value)


def _supplier_rows(count):
    return [
        {"name": f"Leverantör {n} AB", "org_number": with_check_digit(f"{556000000 + n:09d}")} for n in range(count)
    ]


def _contract(**changes):
    row = {
        "procurement_region": "A",
        "regions": "Stockholm;01",
        "supplier": with_check_digit("556677889"),
        "category": "Handskar",
        "reference": "RS-2024-0117",
        "title": "Undersökningshandskar",
        "starts_on": "2024-04-01",
        "ends_on": "2027-03-31",
        "yearly_value": "12 500 000",
    }
    return {**row, **changes}


def _audit(**changes):
    row = {
        "year": "2019",
        "kind": "Kontorsrevision",
        "supplier": "Abcur AB",
        "category": "Handskar",
        "procurement_region": "A",
        "performed_on": "2019-10-15",
        "summary": "Leverantören har en process för tillbörlig aktsamhet.",
    }
    return {**row, **changes}


# Suppliers ---------------------------------------------------------------------------------------


def test_suppliers_are_imported_with_aliases_and_parent_companies(reference, tmp_path, capsys):
    rows = [
        {"name": "Mölnlycke Sverige AB", "org_number": "5566778899", "aliases": "Molnlycke;MHC", "parent": "DE DE99"},
        {"name": "Medline International GmbH", "country": "de", "foreign_identifier": "DE99"},
    ]
    call_command(
        "import",
        "revisioner.resources.SupplierResource",
        str(_write(tmp_path / "s.csv", SUPPLIER_COLUMNS, rows)),
        "--noinput",
    )

    swedish = Supplier.objects.get(org_number="556677-8899")
    assert swedish.normalised_name == "molnlycke sverige"
    assert sorted(swedish.aliases.values_list("name", flat=True)) == ["MHC", "Molnlycke"]
    assert swedish.parent == Supplier.objects.get(country="DE", foreign_identifier="DE99")
    assert "2 new" in capsys.readouterr().err


def test_importing_a_known_organisation_number_again_updates_the_supplier(supplier, tmp_path):
    rows = [{"name": "Abcur Aktiebolag", "org_number": supplier.org_number.replace("-", "")}]
    call_command(
        "import",
        "revisioner.resources.SupplierResource",
        str(_write(tmp_path / "s.csv", SUPPLIER_COLUMNS, rows)),
        "--noinput",
    )

    assert Supplier.objects.count() == 1
    supplier.refresh_from_db()
    assert supplier.name == "Abcur Aktiebolag" and supplier.history.count() == 2


def test_one_bad_check_digit_among_1000_suppliers_imports_nothing_and_names_the_line(reference, tmp_path, capsys):
    rows = _supplier_rows(1000)
    good = rows[736]["org_number"]
    rows[736]["org_number"] = good[:-1] + str((int(good[-1]) + 1) % 10)  # spreadsheet line 738

    code, errors = _import("SupplierResource", _write(tmp_path / "s.csv", SUPPLIER_COLUMNS, rows), capsys)

    assert code == 1
    assert (
        f"Rad 738, kolumn org_number: Organisationsnumret {rows[736]['org_number']} har fel kontrollsiffra." in errors
    )
    assert "Rad 2," not in errors
    assert not Supplier.objects.exists()


BAD_SUPPLIER_FILES = {
    "same number twice": (
        [{"name": "Ett AB", "org_number": "556677-8899"}, {"name": "Två AB", "org_number": "5566778899"}],
        "Rad 3: 556677-8899 finns redan på rad 2.",
    ),
    "foreign without identifier": (
        [{"name": "Hartmann", "country": "DE"}],
        "Rad 2, kolumn foreign_identifier: en utländsk leverantör behöver momsregistreringsnummer",
    ),
    "Swedish without number": ([{"name": "Abcur"}], "Rad 2, kolumn org_number: en svensk leverantör behöver"),
    "near-identical names in the file": (
        [
            {"name": "Ansell AB", "org_number": "556677-8899"},
            {"name": "ANSELL", "country": "GB", "foreign_identifier": "GB1"},
        ],
        "Rad 3, kolumn name: nästan samma namn som Ansell AB på rad 2.",
    ),
    "unknown parent": (
        [{"name": "Ansell AB", "org_number": "556677-8899", "parent": "GB 404"}],
        "Rad 2, kolumn parent: okänt moderbolag ”GB 404”.",
    ),
}


@pytest.mark.parametrize("case", BAD_SUPPLIER_FILES)
def test_a_bad_supplier_file_imports_nothing_and_says_why(reference, tmp_path, capsys, case):
    rows, message = BAD_SUPPLIER_FILES[case]
    code, errors = _import("SupplierResource", _write(tmp_path / "s.csv", SUPPLIER_COLUMNS, rows), capsys)
    assert code == 1
    assert message in errors
    assert not Supplier.objects.exists()


def test_a_near_identical_name_of_a_known_supplier_is_refused_as_a_likely_duplicate(supplier, tmp_path, capsys):
    rows = [{"name": "ABCUR", "org_number": with_check_digit("556000001")}]
    code, errors = _import("SupplierResource", _write(tmp_path / "s.csv", SUPPLIER_COLUMNS, rows), capsys)

    assert code == 1
    assert (
        f"Rad 2, kolumn name: en leverantör med nästan samma namn finns redan: Abcur AB ({supplier.org_number})."
        in errors
    )
    assert "skriv ja i kolumnen similar_name_ok" in errors
    assert Supplier.objects.count() == 1


def test_a_near_identical_name_is_imported_when_the_row_says_it_is_another_company(supplier, tmp_path):
    rows = [{"name": "ABCUR", "org_number": with_check_digit("556000001"), "similar_name_ok": "ja"}]
    call_command(
        "import",
        "revisioner.resources.SupplierResource",
        str(_write(tmp_path / "s.csv", SUPPLIER_COLUMNS, rows)),
        "--noinput",
    )
    assert Supplier.objects.count() == 2


def test_50_000_suppliers_import_in_under_a_minute(reference):
    rows = _supplier_rows(50_000)
    for row in rows[::10]:
        row["aliases"] = f"{row['name']} Sverige"
    text = "name,org_number,aliases\n" + "\n".join(
        f"{r['name']},{r['org_number']},{r.get('aliases', '')}" for r in rows
    )

    started = time.perf_counter()
    result = SupplierResource().import_data(CSV().create_dataset(text))
    elapsed = time.perf_counter() - started

    assert not result.has_errors() and not result.has_validation_errors()
    assert Supplier.objects.count() == 50_000
    assert Supplier.objects.filter(normalised_name="leverantor 49999").exists()
    assert Supplier.objects.get(name="Leverantör 10 AB").aliases.get().name == "Leverantör 10 AB Sverige"
    print(f"50 000 suppliers imported in {elapsed:.1f} s")
    assert elapsed < 60


# Contracts ---------------------------------------------------------------------------------------


def test_contracts_are_imported_and_their_requirements_count_as_used_by_their_regions(
    supplier, category, due_diligence, tmp_path
):
    rows = [_contract(requirement_versions="Tillbörlig aktsamhet v1")]
    call_command(
        "import",
        "revisioner.resources.ContractResource",
        str(_write(tmp_path / "c.csv", CONTRACT_COLUMNS, rows)),
        "--noinput",
    )

    contract = Contract.objects.unscoped().get()
    assert (contract.supplier, contract.category, contract.procurement_region.letter) == (supplier, category, "A")
    assert contract.yearly_value == 12_500_000 and contract.ends_on == datetime.date(2027, 3, 31)
    assert sorted(region.short_name for region in contract.regions.all()) == ["Stockholm"]
    uptake = Uptake.objects.get()
    assert (uptake.region.short_name, uptake.version, uptake.used) == ("Stockholm", due_diligence, Uptake.Used.YES)


def test_a_contract_with_a_known_reference_is_updated_not_duplicated(supplier, category, tmp_path):
    path = _write(tmp_path / "c.csv", CONTRACT_COLUMNS, [_contract()])
    call_command("import", "revisioner.resources.ContractResource", str(path), "--noinput")
    _write(path, CONTRACT_COLUMNS, [_contract(title="Handskar, nitril", regions="Gotland")])
    call_command("import", "revisioner.resources.ContractResource", str(path), "--noinput")

    contract = Contract.objects.unscoped().get()
    assert contract.title == "Handskar, nitril"
    assert [region.short_name for region in contract.regions.all()] == ["Gotland"]


def test_an_unknown_category_refuses_the_contracts_and_names_the_line(supplier, category, tmp_path, capsys):
    rows = [_contract(reference=f"RS-{n}") for n in range(5)]
    rows[3]["category"] = "Handskar > Finns inte"

    code, errors = _import("ContractResource", _write(tmp_path / "c.csv", CONTRACT_COLUMNS, rows), capsys)

    assert code == 1
    assert "Rad 5, kolumn category: okänd inköpskategori ”Handskar > Finns inte”." in errors
    assert not Contract.objects.unscoped().exists()


def test_an_id_of_another_procurement_regions_contract_is_refused(supplier, category, tmp_path, capsys):
    of_b = Contract.objects.create(
        procurement_region=factories.procurement_region("B"),
        supplier=supplier,
        category=category,
        reference="VGR-1",
        starts_on=datetime.date(2023, 1, 1),
    )
    rows = [_contract(reference="RS-1"), _contract(id=str(of_b.pk), reference="VGR-1", title="Kapad")]

    code, errors = _import("ContractResource", _write(tmp_path / "c.csv", CONTRACT_COLUMNS, rows), capsys)

    assert code == 1
    assert f"Rad 3, kolumn id: avtal {of_b.pk} hör till upphandlingsregion B, inte A." in errors
    of_b.refresh_from_db()
    assert of_b.title == "" and Contract.objects.unscoped().count() == 1


def test_unknown_suppliers_regions_and_letters_are_each_named(supplier, category, tmp_path, capsys):
    rows = [_contract(supplier="556000-0000", regions="Atlantis", procurement_region="Q", starts_on="i våras")]
    code, errors = _import("ContractResource", _write(tmp_path / "c.csv", CONTRACT_COLUMNS, rows), capsys)
    assert code == 1
    for message in (
        "Rad 2, kolumn supplier: okänd leverantör ”556000-0000”",
        "Rad 2, kolumn regions: okänd region ”Atlantis”.",
        "Rad 2, kolumn procurement_region: okänd upphandlingsregion ”Q”.",
        "Rad 2, kolumn starts_on: ”i våras” är inget datum (ÅÅÅÅ-MM-DD).",
    ):
        assert message in errors


# Historical audits -------------------------------------------------------------------------------


def test_historical_audits_are_imported_closed_and_readable_by_the_network(supplier, category, bertil, tmp_path):
    rows = [_audit(), _audit(kind="factory_audit", status="Inställd", performed_on="")]
    call_command(
        "import",
        "revisioner.resources.AuditResource",
        str(_write(tmp_path / "a.csv", AUDIT_COLUMNS, rows)),
        "--noinput",
    )

    closed = Audit.objects.unscoped().get(kind=Audit.Kind.OFFICE)
    assert (closed.supplier, closed.status, closed.visibility) == (supplier, Audit.Status.CLOSED, Visibility.NETWORK)
    assert closed.template is None and closed.closed_at.date() == datetime.date(2019, 10, 15)
    assert list(Audit.objects.visible_to(bertil)) == [closed]  # the cancelled one stays with region A
    assert Audit.objects.unscoped().get(kind=Audit.Kind.FACTORY).status == Audit.Status.CANCELLED


def test_importing_the_same_historical_audits_again_changes_them_instead_of_adding(supplier, category, tmp_path):
    path = _write(tmp_path / "a.csv", AUDIT_COLUMNS, [_audit()])
    call_command("import", "revisioner.resources.AuditResource", str(path), "--noinput")
    _write(path, AUDIT_COLUMNS, [_audit(summary="Ny sammanfattning.")])
    call_command("import", "revisioner.resources.AuditResource", str(path), "--noinput")
    assert Audit.objects.unscoped().get().summary == "Ny sammanfattning."


def test_a_changed_summary_of_a_published_audit_waits_for_approval_again(supplier, category, kansliet, tmp_path):
    path = _write(tmp_path / "a.csv", AUDIT_COLUMNS, [_audit()])
    call_command("import", "revisioner.resources.AuditResource", str(path), "--noinput")
    audit = Audit.objects.unscoped().get()
    Audit.objects.unscoped().filter(pk=audit.pk).update(summary_status=Audit.SummaryStatus.APPROVED)
    _write(path, AUDIT_COLUMNS, [_audit(id=str(audit.pk), summary="Inga avvikelser.")])
    call_command("import", "revisioner.resources.AuditResource", str(path), "--noinput")
    audit.refresh_from_db()
    assert (audit.summary, audit.summary_status) == ("Inga avvikelser.", Audit.SummaryStatus.SUBMITTED)


def test_an_audit_id_of_another_procurement_region_is_refused(audit_of, tmp_path, capsys):
    of_b = audit_of("B")
    rows = [_audit(id=str(of_b.pk))]
    code, errors = _import("AuditResource", _write(tmp_path / "a.csv", AUDIT_COLUMNS, rows), capsys)
    assert code == 1
    assert f"Rad 2, kolumn id: revision {of_b.pk} hör till upphandlingsregion B, inte A." in errors


def test_an_audit_in_progress_is_not_changed_by_an_import(audit_of, tmp_path, capsys):
    planned = audit_of("A")
    code, errors = _import(
        "AuditResource", _write(tmp_path / "a.csv", AUDIT_COLUMNS, [_audit(id=str(planned.pk))]), capsys
    )
    assert code == 1
    assert f"Rad 2, kolumn id: revision {planned.pk} pågår" in errors
    planned.refresh_from_db()
    assert planned.status == Audit.Status.PLANNED


def test_an_unknown_kind_names_the_valid_ones(supplier, category, tmp_path, capsys):
    code, errors = _import(
        "AuditResource", _write(tmp_path / "a.csv", AUDIT_COLUMNS, [_audit(kind="Fikarevision")]), capsys
    )
    assert code == 1
    assert "Rad 2, kolumn kind: okänt värde ”Fikarevision”; giltiga är factory_audit, office_audit" in errors


# In the browser ----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, kind, path):
    with open(path, "rb") as file:
        return client.post(reverse("revisioner_import"), {"kind": kind, "file": file})


def test_the_browser_import_previews_then_creates_the_contracts_on_confirmation(
    anna, supplier, category, media, tmp_path, client
):
    client.force_login(anna)
    preview = _upload(client, "contracts", _write(tmp_path / "avtal.csv", CONTRACT_COLUMNS, [_contract()]))

    html = preview.content.decode()
    assert preview.status_code == 200 and "Förhandsgranskning av avtal.csv" in html
    assert html.count("<td>Ny</td>") == 1
    assert not Contract.objects.unscoped().exists()  # a dry run only

    token = html.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("revisioner_import"), {"token": token})

    assert response.status_code == 302 and response.url == reverse("contract_list")
    contract = Contract.objects.unscoped().get()
    assert contract.history.get().history_user == anna
    assert not list((media / "imports" / "revisioner").iterdir())  # the waiting file is gone


def test_a_confirmation_counts_once(anna, supplier, category, media, tmp_path, client):
    client.force_login(anna)
    html = _upload(
        client, "contracts", _write(tmp_path / "avtal.csv", CONTRACT_COLUMNS, [_contract()])
    ).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    client.post(reverse("revisioner_import"), {"token": token})
    again = client.post(reverse("revisioner_import"), {"token": token})
    assert again.status_code == 302 and again.url == reverse("revisioner_import")
    assert Contract.objects.unscoped().count() == 1


def test_a_coordinator_of_b_cannot_import_a_contract_of_region_a(bertil, supplier, category, media, tmp_path, client):
    client.force_login(bertil)
    response = _upload(client, "contracts", _write(tmp_path / "avtal.csv", CONTRACT_COLUMNS, [_contract()]))

    assert response.status_code == 400
    assert (
        "Rad 2, kolumn procurement_region: du är inte samordnare i upphandlingsregion A." in response.content.decode()
    )
    assert not Contract.objects.unscoped().exists()


def test_the_browser_shows_the_problems_of_an_xlsx_file(anna, media, tmp_path, client):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Namn", "Organisationsnummer"])
    workbook.active.append(["Abcur AB", 5566778898])
    workbook.active.append([None, None])  # the empty rows spreadsheets end in are no problem
    workbook.save(tmp_path / "lev.xlsx")
    client.force_login(anna)

    response = _upload(client, "suppliers", tmp_path / "lev.xlsx")

    assert response.status_code == 400
    assert (
        "Rad 2, kolumn org_number: Organisationsnumret 5566778898 har fel kontrollsiffra." in response.content.decode()
    )


def test_suppliers_from_a_swedish_excel_csv_are_imported(anna, media, tmp_path, client):
    path = tmp_path / "lev.csv"
    path.write_bytes("Namn;Organisationsnummer\nÅhléns AB;556677-8899\n".encode("cp1252"))
    client.force_login(anna)
    html = _upload(client, "suppliers", path).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    client.post(reverse("revisioner_import"), {"token": token})
    assert Supplier.objects.get().name == "Åhléns AB"


def test_each_kind_has_an_example_file_the_import_reads(kansliet, client, tmp_path):
    client.force_login(kansliet)
    for kind, first_column in (("suppliers", "name"), ("contracts", "id"), ("audits", "id")):
        response = client.get(reverse("revisioner_import"), {"exempel": kind})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.decode("utf-8-sig").startswith(first_column)


def test_a_list_page_link_preselects_what_to_import(anna, client):
    client.force_login(anna)
    html = client.get(reverse("revisioner_import"), {"kind": "audits"}).content.decode()
    assert 'value="audits" required id="id_kind_2" checked' in html


def test_only_coordinators_and_the_secretariat_import(client, kalle, stina, anna):
    for user, status in ((kalle, 403), (stina, 403), (anna, 200)):
        client.force_login(user)
        assert client.get(reverse("revisioner_import")).status_code == status


def test_files_of_previews_left_unconfirmed_for_a_day_are_removed(anna, supplier, category, media, tmp_path, client):
    import os

    client.force_login(anna)
    _upload(client, "contracts", _write(tmp_path / "avtal.csv", CONTRACT_COLUMNS, [_contract()]))
    waiting = media / "imports" / "revisioner"
    (abandoned,) = waiting.iterdir()
    os.utime(abandoned, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    client.force_login(factories.member("coordinator", procurement_region=factories.procurement_region("A")))

    _upload(client, "contracts", _write(tmp_path / "avtal.csv", CONTRACT_COLUMNS, [_contract()]))

    assert abandoned not in list(waiting.iterdir()) and len(list(waiting.iterdir())) == 1
