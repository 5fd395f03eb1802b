"""The benchmark harness: the scale data generator and the bench command, as a developer runs them."""

import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from hallbar import benchmarks
from hallbar.benchmarks import Page
from regions.access import Role
from regions.models import Membership, Population, User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def run(command, *args, **options) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def generate_small() -> str:
    # Tests run with DEBUG off, as a server would: the generator needs --force there.
    return run("generate_scale_data", scale="small", force=True)


def generated_users():
    return User.objects.filter(email__startswith="scale-", email__endswith="@hallbar.example")


def test_small_scale_has_15_years_of_population_for_21_regions_and_200_people():
    output = generate_small()

    assert Population.objects.count() == 21 * 15
    assert set(Population.objects.values_list("year", flat=True)) == set(range(2011, 2026))
    assert generated_users().count() == 200
    assert re.search(r"users\s+200 created,\s+200 in all", output)
    assert re.search(r"populations\s+315 created,\s+315 in all", output)


def test_every_generated_person_holds_a_role_and_every_region_has_contacts():
    generate_small()

    people_without_role = generated_users().filter(memberships__isnull=True)
    assert not people_without_role.exists()
    memberships = Membership.objects.unscoped().filter(user__in=generated_users())
    contact_regions = memberships.filter(role=Role.REGION_CONTACT).values_list("region", flat=True).distinct()
    assert len(contact_regions) == 21
    coordinated = memberships.filter(role=Role.COORDINATOR).values_list("procurement_region", flat=True).distinct()
    assert len(coordinated) == 8


def test_running_the_generator_twice_creates_nothing_new():
    generate_small()
    counts = (User.objects.count(), Membership.objects.unscoped().count(), Population.objects.count())

    output = generate_small()

    assert (User.objects.count(), Membership.objects.unscoped().count(), Population.objects.count()) == counts
    assert re.search(r"users\s+0 created,\s+200 in all", output)
    assert re.search(r"populations\s+0 created,\s+315 in all", output)


def test_the_generator_refuses_to_run_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="DEBUG"):
        run("generate_scale_data", scale="small")

    assert not generated_users().exists()


def test_bench_prints_the_scale_and_every_page_with_its_queries():
    generate_small()

    output = run("bench", iterations=2, warmup=1)

    # 200 generated people, 20 generated supplier contact persons and the bench users: the
    # secretariat's and a coordinator of C.
    assert "Scale: 222 users" in output
    assert "21 regions, 315 populations" in output
    for page in [benchmarks.FLOOR, *benchmarks.PAGES]:
        line = re.search(rf"^{re.escape(page.label)}\s+(\d+\.\d+)\s+(\d+\.\d)\s+(\d+)\s+/", output, re.MULTILINE)
        assert line, f"{page.label} missing from:\n{output}"
    # The floor is requested logged in too: its queries are the user's, which every page pays as well,
    # and the health check's probe of the database.
    floor_queries = re.search(r"^floor \(health\).*?(\d+)\s+/halsa/", output, re.MULTILINE).group(1)
    # With REDIS_URL the health page also reads the worker's heartbeat.
    assert floor_queries == ("3" if settings.REDIS_URL else "2")


def test_bench_logs_in_as_a_secretariat_member_created_once():
    run("bench", iterations=1, warmup=0, only="start")
    run("bench", iterations=1, warmup=0, only="start")

    bench_user = User.objects.get(email="bench@hallbar.example")
    assert list(bench_user.memberships.values_list("role", flat=True)) == [Role.SECRETARIAT]


def test_bench_only_times_the_pages_asked_for_and_the_floor():
    generate_small()

    output = run("bench", iterations=1, warmup=0, only="person")

    assert "person list" in output
    assert "person detail" in output
    assert "floor (health)" in output
    assert "region list" not in output


def test_bench_fails_and_names_the_page_that_does_not_answer_200(monkeypatch, reference):
    missing = Page("missing region", "region_detail", {"slug": "atlantis"})
    monkeypatch.setattr(benchmarks, "PAGES", [*benchmarks.PAGES[:1], missing])

    out = StringIO()
    with pytest.raises(CommandError, match=r"missing region \(404, not 200\)"):
        call_command("bench", iterations=1, warmup=0, stdout=out)

    assert re.search(r"^missing region\s+status 404, not 200\s+/regioner/atlantis/", out.getvalue(), re.MULTILINE)


def test_bench_json_is_one_object_with_each_page_its_median_queries_and_ratio_to_the_floor():
    generate_small()

    output = run("bench", iterations=2, warmup=0, only="person", as_json=True)

    summary = json.loads(output)
    assert summary["floor"]["url"] == "/halsa/"
    floor_ms = summary["floor"]["median_ms"]
    assert floor_ms > 0
    assert summary["scale"]["users"] == 221  # 200 generated, 20 supplier contact persons and the bench user
    pages = {page["name"]: page for page in summary["pages"]}
    assert set(pages) == {"person list", "person detail"}
    for page in pages.values():
        assert page["ok"] and page["status"] == 200
        assert page["queries"] > 0
        assert page["ratio_to_floor"] == pytest.approx(page["median_ms"] / floor_ms, abs=0.01)


def test_bench_json_names_a_page_that_does_not_answer_and_the_run_fails(monkeypatch, reference):
    missing = Page("missing region", "region_detail", {"slug": "atlantis"})
    monkeypatch.setattr(benchmarks, "PAGES", [missing])

    out = StringIO()
    with pytest.raises(CommandError, match=r"missing region \(404, not 200\)"):
        call_command("bench", iterations=1, warmup=0, as_json=True, stdout=out)

    (page,) = json.loads(out.getvalue())["pages"]
    assert (page["name"], page["status"], page["ok"], page["median_ms"]) == ("missing region", 404, False, None)


def test_bench_runs_with_debug_off_as_on_a_server(tmp_path):
    # The server's settings: DEBUG off, so HTTPS redirects, no ALLOWED_HOSTS, static files named from
    # collectstatic's manifest (not built here). A fresh SQLite file, so the run touches nothing else.
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 50,
        "EMAIL_URL": "consolemail://",
        "ALLOWED_HOSTS": "hallbar.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
        )

    migrated = manage("migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    result = manage("bench", "--iterations", "1", "--warmup", "0", "--only", "region list", "--json")

    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["debug"] is False
    assert summary["floor"]["status"] == 200
    assert {page["name"]: page["status"] for page in summary["pages"]} == {
        "region list": 200,
        "procurement region list": 200,
    }
