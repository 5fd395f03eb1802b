"""Management commands on bad input end in one line and exit status 1, never a traceback; dumpdata and
loaddata work on the default settings (the tenant scope guard on). Run as an operator runs them:
``manage.py`` in a process of its own, on a temporary SQLite database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("commands")
    url = f"sqlite:///{folder / 'a.sqlite3'}"
    assert manage(url, "migrate", "-v0").returncode == 0
    assert manage(url, "load_reference_data").returncode == 0
    return url, folder


def manage(url, *args, stdin=subprocess.DEVNULL):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "hallbar.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, stdin=stdin
    )


def refused(url, *args) -> str:
    """The command failed with exit status 1 and one line, no traceback; that line."""
    result = manage(url, *args)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def _files(folder):
    (folder / "header.csv").write_text("name,org_number\n", encoding="utf-8")
    (folder / "cp1252.csv").write_bytes("name,org_number\nKällan AB,5566778899\n".encode("cp1252"))
    (folder / "bad.csv").write_text("name,org_number\nEtt AB,5566778890\n", encoding="utf-8")
    workbook = openpyxl.Workbook()
    workbook.active.append(["name", "org_number"])
    workbook.active.append(["Ett AB", "5566778899"])
    workbook.save(folder / "renamed.csv")
    (folder / "notxlsx.xlsx").write_text("name,org_number\n", encoding="utf-8")


IMPORT_CASES = {
    "missing.csv": "missing.csv: filen finns inte.",
    "header.csv": "header.csv: Filen har inga rader.",
    "cp1252.csv": "cp1252.csv: rad 2 är inte UTF-8",
    "renamed.csv": "renamed.csv: rad 1 är inte UTF-8",
    "notxlsx.xlsx": "notxlsx.xlsx: filen kunde inte läsas som xlsx",
    "bad.csv": "bad.csv: Rad 2, kolumn org_number: Organisationsnumret 5566778890 har fel kontrollsiffra.",
}


@pytest.mark.parametrize("name", IMPORT_CASES)
def test_a_bad_file_given_to_import_ends_in_one_line_naming_file_line_and_column(database, name):
    url, folder = database
    _files(folder)
    line = refused(url, "import", "revisioner.resources.SupplierResource", str(folder / name), "--noinput")
    assert IMPORT_CASES[name] in line


def test_control_characters_are_stripped_on_import_with_a_warning_naming_line_and_column(database):
    url, folder = database
    (folder / "bell.csv").write_text("name,org_number\nKlocka\x07 AB,5566778899\n", encoding="utf-8")
    result = manage(url, "import", "revisioner.resources.SupplierResource", str(folder / "bell.csv"), "--noinput")
    assert result.returncode == 0, result.stderr
    assert "bell.csv: Rad 2, kolumn name: tecknen U+0007 togs bort." in result.stderr
    shell = manage(url, "shell", "-c", "from revisioner.models import Supplier; print(Supplier.objects.get().name)")
    assert shell.stdout.strip().splitlines()[-1] == "Klocka AB"


@pytest.mark.parametrize(
    "args, expected",
    [
        (["import", "nope.Nope", "x.csv", "--noinput"], "Cannot import 'nope.Nope'"),
        (["invite", "inte-en-adress", "--name", "X"], "email 'inte-en-adress'"),
        (["invite", "ny@hallbar.example", "--name", "Ny\x1b"], "Tecknet U+001B är inte tillåtet i texten."),
        (["invite", "ny@hallbar.example", "--name", "Ny", "--region", "Atlantis"], "No region 'Atlantis'"),
        (["allocate_fees", "1999", "--total", "100"], "No fiscal year 1999."),
        (["fee_statement", "1999", "-o", "x.pdf"], "No fiscal year 1999."),
        (["activity_report", "2024", "-o", "/nonexistent/folder/x.pdf"], "/nonexistent/folder/x.pdf"),
        (["bench", "--only", "ingen sådan sida"], "No registered page matches"),
    ],
)
def test_a_command_with_bad_input_ends_in_one_line_and_exit_status_1(database, args, expected):
    url, _folder = database
    assert expected in refused(url, *args)


def test_dumpdata_and_loaddata_carry_a_database_to_a_fresh_one(database, tmp_path):
    url, _folder = database
    assert manage(url, "invite", "anna@hallbar.example", "--name", "Anna", "--role", "coordinator",
                  "--procurement-region", "A").returncode == 0  # fmt: skip
    dump = tmp_path / "dump.json"
    dumped = manage(url, "dumpdata", "--natural-foreign", "-e", "contenttypes", "-e", "auth.permission", "-o", dump)
    assert dumped.returncode == 0 and "Traceback" not in dumped.stderr, dumped.stderr
    rows = json.loads(dump.read_text())
    assert any(row["model"] == "regions.membership" for row in rows)

    fresh = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    assert manage(fresh, "migrate", "-v0").returncode == 0
    loaded = manage(fresh, "loaddata", str(dump))
    assert loaded.returncode == 0, loaded.stderr
    again = tmp_path / "again.json"
    assert (
        manage(
            fresh, "dumpdata", "--natural-foreign", "-e", "contenttypes", "-e", "auth.permission", "-o", again
        ).returncode
        == 0
    )
    count = lambda rows: sorted((row["model"], row.get("pk")) for row in rows)  # noqa: E731
    assert count(json.loads(again.read_text())) == count(rows)
