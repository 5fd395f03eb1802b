"""The log an operator reads: one JSON line per request and per job, with ids and figures, never personal data."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from celery import shared_task
from celery.exceptions import Retry
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base import jobs, logs
from base.models import Heartbeat
from regions.access import Role
from tests.factories import procurement_region

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


class Captured(logging.Handler):
    """The lines as production writes them: the JSON formatter and the context filter of settings.LOGGING."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.setFormatter(logs.JsonFormatter())
        self.addFilter(logs.ContextFilter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def events(self, event: str) -> list[dict]:
        return [line for line in map(json.loads, self.lines) if line.get("event") == event]


@pytest.fixture
def log():
    handler, root = Captured(), logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


def test_a_request_writes_one_json_line_with_its_id_user_view_status_duration_and_queries(client, anna, log):
    client.force_login(anna)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("region_list"))
    assert response.status_code == 200
    [line] = log.events("request")
    assert line == {
        "time": line["time"],
        "level": "INFO",
        "logger": "hallbar.request",
        "message": f"GET region_list 200 {line['duration_ms']} ms {len(queries)} queries",
        "event": "request",
        "request_id": response["X-Request-ID"],
        "user_id": anna.pk,
        "method": "GET",
        "view": "region_list",
        "status": 200,
        "duration_ms": line["duration_ms"],
        "queries": len(queries),
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert anna.email not in log.text and anna.name not in log.text


def test_the_request_id_of_a_proxy_is_kept_and_anything_else_replaced(client, log):
    assert client.get(reverse("health"), HTTP_X_REQUEST_ID="edge-4f1c.77:a_b")["X-Request-ID"] == "edge-4f1c.77:a_b"
    for sent in ["two words", "<script>", "x" * 200, "a\u00e5", ""]:
        returned = client.get(reverse("health"), HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", returned), sent
    assert log.events("request")[0]["request_id"] == "edge-4f1c.77:a_b"


def test_every_line_written_during_a_request_carries_its_id(client, anna, log):
    client.force_login(anna)
    response = client.get("/upphandlingsregioner/999999/", HTTP_X_REQUEST_ID="req-123")
    assert response.status_code == 404
    assert {line.get("request_id") for line in map(json.loads, log.lines)} == {"req-123"}, log.lines
    [line] = log.events("request")
    assert (line["view"], line["status"], line["user_id"]) == ("procurement_region_detail", 404, anna.pk)


def test_the_log_middleware_adds_no_query(client, anna, settings):
    client.force_login(anna)
    url = reverse("region_list")
    client.get(url)  # the session and caches warm
    with CaptureQueriesContext(connection) as with_log:
        client.get(url)
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != "base.middleware.RequestLogMiddleware"]
    with CaptureQueriesContext(connection) as without_log:
        client.get(url)
    assert len(with_log) == len(without_log)


def test_an_anonymous_request_logs_no_user(client, log):
    client.get(reverse("health"))
    [line] = log.events("request")
    assert (line["view"], line["user_id"]) == ("health", None)


NEW_PASSWORD = "Granskning-av-leverantor-7"
WRONG_PASSWORD = "Fel-losenord-for-loggen-42"


def test_no_email_password_or_token_reaches_the_log(
    client, kansliet, log, mailoutbox, django_capture_on_commit_callbacks
):
    """A login with a wrong password, an invitation sent and accepted, and a form refused: the log
    holds none of the address, the passwords, the link's token or the person's name."""
    email = "Ida.Inbjuden@Region.example"
    data = {
        "name": "Ida Inbjuden",
        "email": email,
        "title": "Miljöstrateg",
        "role": Role.COORDINATOR,
        "procurement_region": procurement_region("D").pk,
    }
    client.force_login(kansliet)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("person_invite"), data).status_code == 302
    refused = client.post(reverse("person_invite"), data)  # the same address again: the form is refused
    assert refused.status_code in (200, 400) and refused.context["form"].errors
    link = re.search(r"https?://\S+/inbjudan/(\S+)/(\S+)/", mailoutbox[0].body)
    uidb64, token = link.group(1), link.group(2)
    client.logout()

    assert client.get(link.group(0), follow=True).status_code == 200
    accepted = client.post(link.group(0), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
    assert accepted.redirect_chain[-1][0] == reverse("account_login")
    wrong = client.post(reverse("account_login"), {"login": email.lower(), "password": WRONG_PASSWORD})
    assert wrong.status_code in (200, 400) and wrong.context["form"].errors
    client.get(f"/inbjudan/{uidb64}/{token}x/")  # a link that does not work: Django logs its path

    lines = log.events("request")
    assert len(lines) >= 6 and all(line["request_id"] for line in lines)
    text = log.text.lower()
    for secret in (email.lower(), "ida inbjuden", kansliet.email, NEW_PASSWORD, WRONG_PASSWORD, token, uidb64):
        assert secret.lower() not in text, secret
    assert "inbjudan" not in text or "/inbjudan/<str:uidb64>/<str:token>/" in log.text


@shared_task(name="tests.base.test_logs.fails")
def fails():
    raise ValueError("the job failed")


_tries = {"left": 1}


@jobs.reliable_task(name="tests.base.test_logs.database_once_down")
def database_once_down():
    if _tries["left"]:
        _tries["left"] -= 1
        raise OperationalError("the database is restarting")
    return "done"


def test_a_job_writes_one_json_line_with_its_id_task_attempt_and_outcome(log):
    request = logs.bind(request_id="req-of-the-change")
    try:
        assert jobs.enqueue("base.tasks.worker_heartbeat") is True
    finally:
        logs.reset(request)
    [line] = log.events("job")
    figures = f"{line['duration_ms']} ms {line['queries']} queries"
    assert line == {
        "time": line["time"],
        "level": "INFO",
        "logger": "hallbar.job",
        "message": f"base.tasks.worker_heartbeat success (attempt 1) {figures}",
        "event": "job",
        "job_id": line["job_id"],
        "task": "base.tasks.worker_heartbeat",
        "attempt": 1,
        "outcome": "success",
        "duration_ms": line["duration_ms"],
        "queries": line["queries"],
        "request_id": "req-of-the-change",
    }
    assert re.fullmatch(r"[0-9a-f-]{36}", line["job_id"]) and line["queries"] >= 1
    assert logs.current() == {}


def test_a_failed_and_a_retried_job_say_so(log):
    with pytest.raises(ValueError):
        fails.delay()
    _tries["left"] = 1
    with pytest.raises((OperationalError, Retry)):  # run in-process, the retry is the caller's to see
        database_once_down.delay()
    assert database_once_down.apply(retries=1).get() == "done"  # as the worker runs the second attempt
    outcomes = [
        (line["task"].rpartition(".")[2], line["attempt"], line["outcome"], line["level"]) for line in log.events("job")
    ]
    assert outcomes == [
        ("fails", 1, "failure", "ERROR"),
        ("database_once_down", 1, "retry", "WARNING"),
        ("database_once_down", 2, "success", "INFO"),
    ]


def test_a_beat_task_that_succeeds_records_when(log):
    from base.tasks import hand_over_outbox, worker_heartbeat

    worker_heartbeat.delay()
    hand_over_outbox.delay()
    names = set(Heartbeat.objects.values_list("name", flat=True))
    assert {"worker", "beat:worker-heartbeat", "beat:outbox-hand-over"} <= names
    before = Heartbeat.objects.get(name="beat:outbox-hand-over").beat_at
    hand_over_outbox.delay()
    assert Heartbeat.objects.get(name="beat:outbox-hand-over").beat_at > before
    fails.delay  # noqa: B018 (a task outside the schedule records nothing)
    assert not Heartbeat.objects.filter(name__contains="fails").exists()


def test_every_beat_entry_fits_a_heartbeat_name(settings):
    width = Heartbeat._meta.get_field("name").max_length
    assert all(len(jobs.BEAT_PREFIX + entry) <= width for entry in settings.CELERY_BEAT_SCHEDULE)


def _log_format(**env) -> str:
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "LOG_FORMAT")}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    code = "import hallbar.settings as s; print(s.LOGGING['handlers']['console']['formatter'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT, env={**environment, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_lines_are_json_in_production_and_text_with_debug_unless_log_format_says():
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "EMAIL_URL": "smtp://127.0.0.1:25"}
    assert _log_format(**production) == "json"
    assert _log_format(DEBUG="true") == "text"
    assert _log_format(DEBUG="true", LOG_FORMAT="json") == "json"
    assert _log_format(**production, LOG_FORMAT="text") == "text"


def test_the_text_line_of_development_names_the_request_id():
    record = logging.LogRecord("hallbar.request", logging.INFO, __file__, 1, "GET %s", ("start",), None)
    record.request_id = "req-9"
    assert logs.TextFormatter().format(record).endswith("INFO hallbar.request GET start [request_id=req-9]")


def test_an_email_address_in_any_line_is_masked(log):
    logging.getLogger("hallbar.anything").warning("mail to %s refused", "Someone.Else@Kommun.example")
    assert json.loads(log.lines[-1])["message"] == "mail to [e-mail] refused"


def test_a_public_registration_logs_its_request_and_the_mail_job_it_asked_for_without_the_address(
    client, reference, log, mailoutbox, django_capture_on_commit_callbacks
):
    from akademi.models import Event
    from base.forms import new_once_token
    from tests.akademi.builders import event

    training = event(Event.Kind.SUPPLIER_TRAINING, open_to_public=True)
    form = {"name": "Lars Leverantör", "email": "lars@leverantor.example", "organisation": "Lev AB", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public_event_registration", args=[training.pk]), {**form, "once": new_once_token()}
        )
    assert response.status_code in (200, 302) and len(mailoutbox) == 1
    [request] = log.events("request")
    [job] = log.events("job")
    assert (request["view"], request["user_id"]) == ("public_event_registration", None)
    assert (job["task"], job["outcome"], job["attempt"]) == (
        "akademi.tasks.send_registration_confirmation",
        "success",
        1,
    )
    assert job["request_id"] == request["request_id"] == response["X-Request-ID"]
    for personal in form.values():
        assert personal == "on" or personal.lower() not in log.text.lower(), personal
