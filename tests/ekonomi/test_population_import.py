"""Population import: all 21 regions or nothing, each problem naming its line and column."""

import csv

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from regions.models import Population, Region


def _rows(year=2025, **changes):
    """SCB's shape: one row per region, in county-code order; ``changes`` replaces cells by short name."""
    rows = []
    for region in Region.objects.order_by("county_code"):
        change = changes.get(region.short_name, {})
        if change != "drop":
            row = {"region": f"{region.county_code} {region.short_name}", "year": str(year), "population": "250000"}
            rows.append({**row, **change})
    return rows


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["region", "year", "population"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(path, capsys):
    """``manage.py import`` of a file that must be refused: its exit status and what it printed."""
    with pytest.raises(CommandError) as refused:
        call_command("import", "regions.resources.PopulationResource", str(path), "--noinput")
    return refused.value.returncode, capsys.readouterr().err + str(refused.value)


def test_a_complete_table_is_imported(reference, tmp_path, capsys):
    call_command(
        "import", "regions.resources.PopulationResource", str(_write(tmp_path / "p.csv", _rows())), "--noinput"
    )
    assert Population.objects.filter(year=2025).count() == 21
    assert Population.objects.get(region__county_code="01", year=2025).inhabitants == 250_000
    assert "21 new" in capsys.readouterr().err


def test_importing_again_updates_instead_of_duplicating(reference, tmp_path):
    path = _write(tmp_path / "p.csv", _rows())
    call_command("import", "regions.resources.PopulationResource", str(path), "--noinput")
    _write(path, _rows(Gotland={"population": "61000"}))
    call_command("import", "regions.resources.PopulationResource", str(path), "--noinput")
    assert Population.objects.filter(year=2025).count() == 21
    assert Population.objects.get(region__short_name="Gotland", year=2025).inhabitants == 61_000


# (what is wrong, the rows, the message the error must carry). In county-code order Kalmar is on
# spreadsheet line 8 (the header is line 1), Gotland on 9, Skåne on 11.
BAD_FILES = {
    "missing region cell": ({"Kalmar": {"region": ""}}, "Rad 8, kolumn region: regionen saknas."),
    "unknown county code": ({"Kalmar": {"region": "99 Atlantis"}}, "Rad 8, kolumn region: okänd region eller länskod"),
    "negative population": ({"Gotland": {"population": "-5"}}, "Rad 9, kolumn population: ”-5” är inget antal"),
    "non-numeric population": ({"Skåne": {"population": "många"}}, "Rad 11, kolumn population: ”många”"),
    "region missing from the year": ({"Blekinge": "drop"}, "År 2025: alla 21 regioner krävs, men Blekinge saknas."),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_imports_nothing_and_names_the_line(reference, tmp_path, capsys, case):
    changes, message = BAD_FILES[case]
    code, errors = _import(_write(tmp_path / "p.csv", _rows(**changes)), capsys)
    assert code == 1
    assert message in errors
    assert not Population.objects.exists()


def test_the_browser_import_previews_then_imports_on_confirmation(client, frida, tmp_path):
    client.force_login(frida)
    path = _write(tmp_path / "scb.csv", _rows())
    with open(path, "rb") as file:
        preview = client.post(reverse("population_import"), {"file": file})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Förhandsgranskning av scb.csv" in html
    assert html.count("<td>Ny</td>") == 21
    assert not Population.objects.exists()  # a dry run only
    data = html.split('<textarea name="data" hidden aria-hidden="true">')[1].split("</textarea>")[0]
    import html as html_lib

    response = client.post(reverse("population_import"), {"data": html_lib.unescape(data)})
    assert response.status_code == 302
    assert Population.objects.filter(year=2025).count() == 21


def test_the_browser_import_shows_every_problem_and_imports_nothing(client, frida, tmp_path):
    client.force_login(frida)
    path = _write(tmp_path / "scb.csv", _rows(Kalmar={"region": ""}, Gotland={"population": "x"}))
    with open(path, "rb") as file:
        response = client.post(reverse("population_import"), {"file": file})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Rad 8, kolumn region: regionen saknas." in html and "Rad 9, kolumn population" in html
    assert not Population.objects.exists()


def test_the_browser_import_refuses_other_file_types(client, frida, tmp_path):
    client.force_login(frida)
    path = tmp_path / "scb.txt"
    path.write_text("hello")
    with open(path, "rb") as file:
        response = client.post(reverse("population_import"), {"file": file})
    assert response.status_code == 400 and "Filen måste vara CSV eller XLSX." in response.content.decode()


def test_only_finance_and_the_secretariat_import(client, stina, anna):
    for user in (stina, anna):
        client.force_login(user)
        assert client.get(reverse("population_import")).status_code == 403


def test_the_service_previews_writing_nothing_and_imports_naming_who_did(frida, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ekonomi import services

    upload = SimpleUploadedFile("scb.csv", _write(tmp_path / "scb.csv", _rows()).read_bytes())
    preview = services.preview_population_import(acting_user=frida, upload=upload)
    assert preview.problems == [] and len(preview.result.rows) == 21
    assert not Population.objects.exists()
    imported = services.import_population(acting_user=frida, data=preview.data)
    assert imported.problems == []
    assert {row.history_user for row in Population.history.all()} == {frida}


def test_the_browser_preview_names_the_cells_control_characters_were_stripped_from(client, frida, tmp_path):
    client.force_login(frida)
    gotland = Region.objects.get(short_name="Gotland")
    path = _write(tmp_path / "scb.csv", _rows(Gotland={"region": f"{gotland.county_code} Gotland\u0007"}))
    with open(path, "rb") as file:
        preview = client.post(reverse("population_import"), {"file": file})
    html = preview.content.decode()
    assert preview.status_code == 200 and html.count("<td>Ny</td>") == 21  # the file is still good
    assert "Osynliga styrtecken togs bort ur filen innan den kontrollerades:" in html
    assert "Rad 9, kolumn region: tecknen U+0007" in html
    assert "\u0007" not in html.split('<textarea name="data" hidden aria-hidden="true">')[1]  # nor confirmed
