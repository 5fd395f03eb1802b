"""Error reporting: Sentry only with SENTRY_DSN, nothing personal sent, the request id as a tag and on the 500 page.

No event leaves the process: the SDK is given a transport that keeps what it would send."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.test import Client
from django.urls import reverse
from sentry_sdk.transport import Transport

from base import errors

ROOT = Path(__file__).resolve().parents[2]
DSN = "https://public@sentry.invalid/1"  # never reached: the transport below sends nothing
SECRET = "-".join(["Hemlig", "nyckel", "123"])  # joined here, so the source lines Sentry quotes hold no copy


class KeptTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sentry():
    transport = KeptTransport()
    options = errors.init_sentry(DSN, environment="test", transport=transport)
    yield transport, options
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def _settings_call(**env) -> list:
    """What hallbar/settings.py passes to sentry_sdk.init in a fresh process (init itself replaced)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SENTRY_")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    code = (
        "import json, sentry_sdk; calls = []\n"
        "sentry_sdk.init = lambda **options: calls.append(options)\n"
        "import hallbar.settings\n"
        "print(json.dumps([{k: v for k, v in c.items() if isinstance(v, (str, int, float, bool))} for c in calls]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**environment, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_is_off_without_a_dsn_and_on_with_one_without_personal_data():
    assert _settings_call() == []
    [options] = _settings_call(SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="production", SENTRY_RELEASE="abc123")
    assert options["dsn"] == DSN
    assert (options["environment"], options["release"]) == ("production", "abc123")
    assert options.get("send_default_pii", False) is False  # the SDK's default: off
    assert options["include_local_variables"] is False
    assert options["max_request_body_size"] == "never"
    assert options["traces_sample_rate"] == 0.0


def test_the_test_process_runs_without_sentry():
    assert not sentry_sdk.get_client().is_active()


@pytest.fixture
def failing_page(monkeypatch):
    def broken():
        raise RuntimeError("the health checks broke")

    monkeypatch.setattr("base.health.run_checks", broken)
    return reverse("health") + "?token=" + SECRET


def test_an_error_reaches_sentry_tagged_with_the_request_id_and_without_personal_data(
    sentry, failing_page, kansliet, db
):
    transport, _options = sentry
    assert sentry_sdk.get_client().is_active() and not sentry_sdk.get_client().should_send_default_pii()
    client = Client(raise_request_exception=False)
    client.force_login(kansliet)
    response = client.get(failing_page, HTTP_X_REQUEST_ID="req-sentry-1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 500
    sentry_sdk.flush()
    [event] = transport.events
    assert event["tags"]["request_id"] == "req-sentry-1"
    assert event["exception"]["values"][-1]["value"] == "the health checks broke"
    sent = json.dumps(event)
    for personal in (kansliet.email, kansliet.name, SECRET, "203.0.113.9", "sessionid", "sys.argv"):
        assert personal not in sent, personal
    assert "user" not in event or not event["user"].get("email")
    assert "vars" not in json.dumps(event["exception"])


def test_the_500_page_shows_the_request_id(failing_page, db):
    client = Client(raise_request_exception=False)
    response = client.get(failing_page, HTTP_X_REQUEST_ID="req-500-page")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "req-500-page"
    page = response.content.decode()
    assert "<code>req-500-page</code>" in page
    assert SECRET not in page and "health checks broke" not in page
