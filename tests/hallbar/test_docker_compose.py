"""The production shape (docker-compose.yml and the Dockerfile), checked by reading them.

No Docker engine runs here, so these tests parse the files: the services exist, share one
image and one environment that hallbar/settings.py understands, and start the right processes.
"""

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


@pytest.fixture(scope="module")
def dockerfile() -> str:
    # Join continuation lines so each instruction is one line.
    return (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")


def environment_of(service: dict) -> dict[str, str]:
    environment = service.get("environment", {})
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) if "=" in item else (item, "") for item in environment)
    return {name: str(value) for name, value in environment.items()}


def command_of(service: dict) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def names_settings_reads() -> set[str]:
    """Every NAME in env.<type>("NAME", …) of hallbar/settings.py (env.bool, env.db, env.email_url, …)."""
    text = (ROOT / "hallbar" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r"""\benv\.\w+\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))


def instructions(dockerfile: str, keyword: str) -> list[str]:
    return [line.strip() for line in dockerfile.splitlines() if line.strip().upper().startswith(keyword + " ")]


def test_compose_has_postgres_redis_web_worker_and_beat(services):
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_postgres_and_redis_use_the_pinned_major_versions(services):
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"


def test_web_worker_and_beat_build_the_same_image_from_the_projects_dockerfile(services):
    builds = [services[name]["build"] for name in APP_SERVICES]
    for build in builds:
        build = {"context": build} if isinstance(build, str) else build
        assert build["context"] == "."
        assert build.get("dockerfile", "Dockerfile") == "Dockerfile"
    assert builds[0] == builds[1] == builds[2]
    assert len({services[name].get("image") for name in APP_SERVICES}) == 1
    assert (ROOT / "Dockerfile").is_file()


@pytest.mark.parametrize("name", APP_SERVICES)
def test_each_app_service_gets_the_production_environment(services, name):
    environment = environment_of(services[name])
    assert environment["DATABASE_URL"] == "postgres://hallbar:hallbar@postgres:5432/hallbar"
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["DEBUG"] == "false"
    # The key comes from the host, and compose refuses to start without it.
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_the_environment_defaults_suit_a_server_behind_a_tls_proxy(services):
    environment = environment_of(services["web"])
    assert environment["ALLOWED_HOSTS"] == "${ALLOWED_HOSTS:-localhost}"
    assert environment["EMAIL_URL"] == "${EMAIL_URL:-consolemail://}"
    assert environment["REQUIRE_MFA"] == "${REQUIRE_MFA:-true}"
    assert environment["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-false}"


def test_settings_parser_finds_the_names_the_design_names():
    # Guards the next test against passing on an empty list.
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL"} <= names_settings_reads()


def test_web_gets_only_variables_that_settings_reads(services):
    unknown = set(environment_of(services["web"])) - names_settings_reads()
    assert not unknown, f"hallbar/settings.py does not read {sorted(unknown)}"


def test_worker_runs_a_celery_worker_of_the_hallbar_app(services):
    assert command_of(services["worker"])[:4] == ["celery", "-A", "hallbar", "worker"]


def test_beat_runs_celery_beat_of_the_hallbar_app(services):
    assert command_of(services["beat"])[:4] == ["celery", "-A", "hallbar", "beat"]


def test_web_serves_hallbar_wsgi_with_gunicorn_on_port_8000(services):
    command = command_of(services["web"])
    assert command[:2] == ["gunicorn", "hallbar.wsgi:application"]
    assert "0.0.0.0:8000" in " ".join(command)
    assert "8000:8000" in [str(port) for port in services["web"]["ports"]]


@pytest.mark.parametrize("name", ["postgres", "redis"])
def test_postgres_and_redis_have_healthchecks(services, name):
    test = services[name]["healthcheck"]["test"]
    expected = "pg_isready" if name == "postgres" else "redis-cli"
    assert expected in " ".join(test if isinstance(test, list) else [test])


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_wait_for_healthy_postgres_and_redis(services, name):
    depends_on = services[name]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_start_after_the_migrations_succeeded(services, name):
    assert command_of(services["migrate"])[:3] == ["python", "manage.py", "migrate"]
    assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_postgres_keeps_its_data_in_a_named_volume(compose, services):
    volume = services["postgres"]["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_dockerfile_starts_from_python_311_slim(dockerfile):
    assert instructions(dockerfile, "FROM")[0].startswith("FROM python:3.11-slim")


def test_dockerfile_serves_hallbar_wsgi_with_gunicorn(dockerfile):
    cmd = instructions(dockerfile, "CMD")[-1]
    assert "gunicorn" in cmd
    assert "hallbar.wsgi" in cmd


def test_dockerfile_does_not_run_as_root(dockerfile):
    users = instructions(dockerfile, "USER")
    assert users, "the Dockerfile has no USER line, so the processes run as root"
    assert users[-1].split()[1].split(":")[0] not in {"root", "0"}


def test_dockerfile_checks_health_at_halsa(dockerfile):
    healthcheck = instructions(dockerfile, "HEALTHCHECK")
    assert healthcheck
    assert "/halsa/" in healthcheck[0]


def test_dockerfile_collects_static_files_with_a_build_only_key(dockerfile):
    collectstatic = [line for line in instructions(dockerfile, "RUN") if "collectstatic" in line]
    assert collectstatic
    assert "DEBUG=false SECRET_KEY=build-only" in collectstatic[0]
