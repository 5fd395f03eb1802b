"""A stopped Redis takes nothing down but the work that needs it, and the health page names it.

Redis here is an address nobody listens on (127.0.0.1, port 1): the same as a stopped server.
"""

import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from base import health
from base.models import Heartbeat
from tests.factories import PASSWORD

STOPPED_REDIS = "redis://127.0.0.1:1/0"


def _nobody_listens(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def redis_stopped(settings):
    assert _nobody_listens(1), "the test needs a port on which no Redis answers"
    settings.REDIS_URL = STOPPED_REDIS
    settings.CACHES = {
        "default": {
            "BACKEND": "base.cache.ResilientRedisCache",
            "LOCATION": STOPPED_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield
    cache.close()


def test_the_cache_behaves_as_a_miss_while_redis_is_stopped(redis_stopped):
    assert cache.get("anything", "default") == "default"
    assert cache.set("anything", 1) is None
    assert cache.add("counter", 1) is True  # a rate limit lets the request through rather than refusing all
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("anything") is False


@pytest.mark.django_db
def test_a_member_logs_in_and_reads_pages_while_redis_is_stopped(client, anna, redis_stopped):
    response = client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
    assert response.status_code == 302
    for name in ["audit_list", "supplier_list", "requirement_list", "category_tree", "event_list"]:
        assert client.get(reverse(name)).status_code == 200, name
    # The session lives in the database as well: the next request still knows the person.
    assert client.get(reverse("audit_list")).context["user"] == anna


@pytest.mark.django_db
def test_the_health_page_answers_503_and_names_redis_when_it_is_stopped(client, redis_stopped):
    Heartbeat.objects.create(name="worker", beat_at=timezone.now())
    response = client.get(reverse("health"))
    text = response.content.decode()
    assert response.status_code == 503
    assert "redis: DOWN" in text
    assert "database: ok" in text and "worker: ok" in text


@pytest.mark.django_db
def test_the_health_page_names_a_worker_whose_heartbeat_stopped(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - timedelta(minutes=10))
    with mock.patch.object(health, "redis", lambda: health.Check("redis", True, "ping")):
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert "worker: DOWN (last heartbeat 600 s ago)" in response.content.decode()


@pytest.mark.django_db
def test_the_health_page_names_a_mail_server_that_does_not_answer(client, settings, monkeypatch):
    monkeypatch.setattr(health, "_last_mail_check", None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 1, False
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert "mail: DOWN" in response.content.decode()


@pytest.mark.django_db
def test_the_health_page_answers_200_when_everything_answers(client):
    # With REDIS_URL set (CI) the worker is one of the parts: it has just said it is alive.
    Heartbeat.objects.create(name="worker", beat_at=timezone.now())
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.content.decode().startswith("ok\ndatabase: ok")


def test_the_mail_server_is_asked_at_most_once_a_minute(settings, monkeypatch):
    monkeypatch.setattr(health, "_last_mail_check", None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    asked = []
    monkeypatch.setattr(health, "_smtp", lambda: asked.append(1) or health.Check("mail", True, "smtp"))
    assert health.mail().ok and health.mail().ok
    assert asked == [1]
