"""What the health page checks: the database, Redis, the worker's heartbeat and the mail server.

Each check answers (ok, what it saw) within a second or two; the page answers 503 and names every
part that is down, so an operator reads the cause from the load balancer's log.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection
from django.utils import timezone

from base.models import Heartbeat

# Beat asks a worker for a heartbeat every minute; three missed ones mean no worker (or no beat).
HEARTBEAT_STALE = timedelta(minutes=3)
TIMEOUT_SECONDS = 1


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return Check("database", False, type(error).__name__)
    return Check("database", True, connection.vendor)


def redis() -> Check:
    if not settings.REDIS_URL:
        return Check("redis", True, "not used (tasks run in-process)")
    from redis import Redis

    try:
        Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        ).ping()
    except Exception as error:
        return Check("redis", False, f"{type(error).__name__}: {error}")
    return Check("redis", True, "ping")


def worker() -> Check:
    if not settings.REDIS_URL:
        return Check("worker", True, "not used (tasks run in-process)")
    try:
        beat_at = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    except Exception as error:
        return Check("worker", False, type(error).__name__)
    if beat_at is None:
        return Check("worker", False, "no heartbeat yet")
    age = timezone.now() - beat_at
    if age > HEARTBEAT_STALE:
        return Check("worker", False, f"last heartbeat {int(age.total_seconds())} s ago")
    return Check("worker", True, f"heartbeat {int(age.total_seconds())} s ago")


# A load balancer asks every few seconds: the mail server is asked at most once a minute per process.
MAIL_CHECK_SECONDS = 60
_last_mail_check: tuple[float, Check] | None = None


def mail() -> Check:
    global _last_mail_check
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return Check("mail", True, settings.EMAIL_BACKEND.rpartition(".")[0].rpartition(".")[2])
    now = time.monotonic()
    if _last_mail_check and now - _last_mail_check[0] < MAIL_CHECK_SECONDS:
        return _last_mail_check[1]
    _last_mail_check = (now, _smtp())
    return _last_mail_check[1]


def _smtp() -> Check:
    try:
        mail_connection = get_connection(timeout=TIMEOUT_SECONDS * 2)
        mail_connection.open()
        mail_connection.close()
    except Exception as error:
        return Check("mail", False, f"{type(error).__name__}: {error}")
    return Check("mail", True, "smtp")


CHECKS = [database, redis, worker, mail]


def run_checks() -> list[Check]:
    return [check() for check in CHECKS]
