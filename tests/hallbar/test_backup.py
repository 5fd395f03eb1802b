"""The backup of README.md ("Backups"), done as written: pg_dump of the database and a tar of the
media, restored into a fresh database and folder, gives back every row of every table and the files.

Runs against PostgreSQL only (DATABASE_URL, as CI sets it) and where pg_dump and pg_restore exist."""

import os
import shutil
import subprocess
import tarfile
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from regions.models import ProcurementRegion
from riskanalys.models import Attachment, Category, RiskAnalysis, RiskAssessment
from tests.akademi.builders import audit_with

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the backup is of PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")),
        reason="needs PostgreSQL's client programs",
    ),
    # Committed rows: pg_dump reads the database from another connection.
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.4\n% the risk analysis' evidence\n"


def _uri(name: str) -> str:
    """A libpq connection URI for database ``name`` with the test database's credentials."""
    db = connection.settings_dict
    return f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _run(*command: str) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(command[:2])}: {result.stderr}"
    return result


def _counts(uri: str) -> dict[str, int]:
    """The rows of every table in the public schema, counted by psql (outside Django's connection)."""
    tables = _run(
        "psql", uri, "-tA", "-c", "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    ).stdout.split()
    # The names come from pg_tables, not from input.
    query = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM \"{table}\"" for table in tables)  # noqa: S608
    rows = _run("psql", uri, "-tA", "-F", "\t", "-c", query).stdout.splitlines()
    return {table: int(count) for table, count in (row.split("\t") for row in rows)}


@pytest.fixture
def restored_database():
    name = f"hallbar_restore_{uuid.uuid4().hex[:8]}"
    maintenance = _uri("postgres")
    _run("psql", maintenance, "-v", "ON_ERROR_STOP=1", "-c", f'CREATE DATABASE "{name}"')
    yield _uri(name)
    _run("psql", maintenance, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed(anna, kansliet):
    """Rows in many tables: people and roles (the personas), the reference data, a risk analysis with
    its assessment, attachment and history, and audits with their suppliers and participants."""
    region = ProcurementRegion.objects.get(letter="A")
    category = Category.objects.add_root({"name": "Skyddsrockar"})
    category.procurement_regions.add(region)
    analysis = RiskAnalysis.objects.create(
        year=2024, category=category, product_area="Skyddsrockar", procurement_region=region, created_by=anna
    )
    RiskAssessment.objects.create(analysis=analysis, dimension="labour_rights", likelihood=4, severity=5)
    attachment = Attachment.objects.create(
        analysis=analysis, name="Underlag", file=SimpleUploadedFile("underlag.pdf", PDF), uploaded_by=anna
    )
    audit_with(anna)
    audit_with(kansliet)
    return attachment


def test_a_dump_restored_into_a_fresh_database_has_every_row_and_the_files(
    anna, kansliet, restored_database, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    attachment = _seed(anna, kansliet)
    dump, media = tmp_path / "hallbar.dump", tmp_path / "media.tar.gz"
    source = _uri(connection.settings_dict["NAME"])

    # The commands of README.md, "Backups".
    _run("pg_dump", "--format=custom", "--no-owner", f"--dbname={source}", f"--file={dump}")
    _run("tar", "-C", str(settings.MEDIA_ROOT), "-czf", str(media), ".")
    _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_database}", str(dump))
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    with tarfile.open(media) as archive:
        archive.extractall(restored_media, filter="data")

    before, after = _counts(source), _counts(restored_database)
    assert after == before
    # Not an empty comparison: the seeded tables are there and hold rows.
    for table in ["regions_user", "regions_membership", "riskanalys_attachment", "revisioner_audit"]:
        assert before[table] > 0, table
    assert before["riskanalys_historicalriskanalysis"] > 0
    # The restored row names a file that the restored media holds, byte for byte.
    query = f"SELECT file FROM riskanalys_attachment WHERE id = {int(attachment.pk)}"  # noqa: S608
    name = _run("psql", restored_database, "-tA", "-c", query).stdout.strip()
    assert name == attachment.file.name
    assert (restored_media / name).read_bytes() == PDF
