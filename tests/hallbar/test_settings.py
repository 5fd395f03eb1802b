"""The production shape: settings from the environment and Django's deployment checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _server_environment(**env):
    """The environment of a server process: none of the test runner's own switches."""
    environment = {**os.environ, **env}
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return environment


def _manage(*args, **env):
    environment = _server_environment(**env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x" * 60 + "-production-like-secret", ALLOWED_HOSTS="hallbar.example",
        EMAIL_URL="smtp+tls://mailer:secret@127.0.0.1:587",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    environment = _server_environment(DEBUG="false")
    environment.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_postgresql_connections_run_without_jit():
    # JIT compiled the audit selection's ranking for 1.1 s before running it for 0.35 s.
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = _manage("shell", "-c", code, DATABASE_URL="postgres://u:p@127.0.0.1:5432/hallbar")
    assert "'options': '-c jit=off'" in result.stdout, result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client, anna):
    client.force_login(anna)
    response = client.get(reverse("region_list"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts, "htmx is loaded from the project's own static files"
    assert all("src=" in tag for tag in scripts)
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


@pytest.mark.django_db
def test_the_interface_switches_to_english(client, anna):
    client.force_login(anna)
    assert "Regioner" in client.get(reverse("region_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("region_list")).content.decode()
    assert '<html lang="en">' in html
    assert "Procurement region" in html


@pytest.mark.django_db
def test_large_ids_are_never_grouped_in_pages(client, kansliet):
    from django.template import Context, Template

    assert Template("{{ n }}").render(Context({"n": 1519})) == "1519"
    assert Template("{% load hallbar_format %}{{ n|kr }}").render(Context({"n": 1519000})) == "1\u00a0519\u00a0000"


def test_every_beat_entry_names_a_registered_task_that_is_acknowledged_late(settings):
    from hallbar.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = app.tasks.get(entry["task"])
        assert task is not None, f"beat entry {name} names no task: {entry['task']}"
        assert task.acks_late and task.time_limit, entry["task"]
