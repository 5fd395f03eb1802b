"""The log an operator reads: one line per request and per job, JSON in production, plain text with DEBUG.

Every line written while a request or a job runs carries its id (``request_id``, ``job_id``): the
middleware (``base.middleware.RequestLogMiddleware``) and the job signals (``base.jobs``) bind them
here, and ``ContextFilter`` puts them on each record. The JSON lines are python-json-logger's (a
maintained formatter, rather than our own serialisation); ``settings.LOGGING`` picks the format
(``LOG_FORMAT=json|text``; JSON unless ``DEBUG``).

Nothing personal or secret goes into a line: the request line names the view and the user's id, never
the path (it may hold a one-time token), the query string, the body or the e-mail address. As a last
guard both formatters mask whatever looks like an e-mail address, and a path Django logs itself
("Not Found: …") is written as its URL pattern, or with its long token-like parts masked.
"""

import logging
import re
from contextvars import ContextVar, Token
from datetime import UTC, datetime

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

_context: ContextVar[dict | None] = ContextVar("hallbar_log_context", default=None)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A part of a path that looks like a key or token: long, of letters and digits, with a digit in it.
TOKEN_PART = re.compile(r"(?=[\w:-]*\d)[\w:-]{16,}")


def bind(**fields) -> Token:
    """Add ``fields`` to every line written in this context (until ``reset`` with the token returned)."""
    return _context.set({**(_context.get() or {}), **fields})


def reset(token: Token) -> None:
    _context.reset(token)


def current() -> dict:
    """The fields bound now (the request id, the job id)."""
    return dict(_context.get() or {})


def mask_emails(text: str) -> str:
    return EMAIL.sub("[e-mail]", text)


def redact_path(path: str) -> str:
    """A path with its e-mail addresses and token-like parts masked."""
    return TOKEN_PART.sub("…", mask_emails(path))


def safe_path(request) -> str:
    """What a line may say of a request's path: its URL pattern, else the path with tokens masked."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route
    return redact_path(request.path)


class ContextFilter(logging.Filter):
    """Puts the bound fields (request id, job id) on every record; of a record Django's request loggers
    write (``extra={"request": …}``), the request's id, and its path as ``safe_path``."""

    def filter(self, record):
        for key, value in (_context.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # Django logs a 4xx or 5xx after the middleware is done with the request: its id is on the request.
            if getattr(request, "request_id", None) and not hasattr(record, "request_id"):
                record.request_id = request.request_id
            if isinstance(record.args, tuple):
                record.args = tuple(safe_path(request) if arg == request.path else arg for arg in record.args)
        return True


class QueryCounter:
    """A database execute wrapper that counts the queries run through it (and runs none of its own)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _iso_time(record) -> str:
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: ``time``, ``level``, ``logger``, ``message`` and the record's extras.

    The ``request`` object Django passes to its loggers is left out (its text is the full path)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "taskName"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def formatTime(self, record, datefmt=None):
        return _iso_time(record)

    def format(self, record):
        return mask_emails(super().format(record))


class TextFormatter(logging.Formatter):
    """The human-readable line of development: time, level, logger, message and the request id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        super().__init__(*args, **kwargs)

    def formatTime(self, record, datefmt=None):
        return datetime.fromtimestamp(record.created).astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def format(self, record):
        line = super().format(record)
        ids = [f"{key}={getattr(record, key)}" for key in ("request_id", "job_id") if getattr(record, key, None)]
        return mask_emails(f"{line} [{' '.join(ids)}]" if ids else line)
