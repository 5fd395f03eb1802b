"""Time the registered pages (hallbar/benchmarks.py) in-process against a floor page of the same run."""

import json
import resource
import statistics
import time
from contextlib import ExitStack
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from hallbar import benchmarks

# Requests go to this host; it is added to ALLOWED_HOSTS for the run, so the bench works whatever the settings.
BENCH_HOST = "127.0.0.1"
# With DEBUG off the static files are named from collectstatic's manifest; without one every page
# would fail on its first {% static %}. The bench then names them plainly, which costs the same.
PLAIN_STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


@dataclass
class Result:
    label: str
    url: str
    status: int
    expected: int
    median_ms: float = 0.0
    queries: int = 0

    @property
    def ok(self) -> bool:
        return self.status == self.expected


class Document(NamedTuple):
    name: str
    seconds: float | None  # None: no data to build it from
    kb: float | None
    peak_rss_mib: float | None


class UnexpectedStatus(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


class Command(BaseCommand):
    help = "Time each registered page in-process (median ms, ratio to a trivial page, SQL queries of one request)."

    def add_arguments(self, parser):
        parser.add_argument("--iterations", type=int, default=20, help="Timed requests per page (default 20).")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page first (default 3).")
        parser.add_argument("--only", default="", help="Only pages whose label contains this text.")
        parser.add_argument("--no-documents", action="store_true", help="Skip building the registered documents.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object instead of the table."
        )

    def handle(self, *args, iterations, warmup, only, no_documents=False, as_json=False, **options):
        if iterations < 1 or warmup < 0:
            raise CommandError("--iterations must be at least 1 and --warmup at least 0.")
        pages = [page for page in benchmarks.PAGES if only.lower() in page.label.lower()]
        if not pages:
            raise CommandError(f"No registered page matches {only!r}.")
        manifest = self._static_manifest()
        with ExitStack() as stack:
            stack.enter_context(override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, BENCH_HOST]))
            if manifest is False:
                stack.enter_context(
                    override_settings(STORAGES={**settings.STORAGES, "staticfiles": PLAIN_STATIC_FILES})
                )
            results = self._run([benchmarks.FLOOR, *pages], iterations, warmup)
            documents = self._documents() if not no_documents and not only else []
        if as_json:
            self.stdout.write(json.dumps(self._summary(results, documents, iterations, warmup, manifest), indent=2))
        else:
            self._report(results, iterations, warmup, manifest)
            self._report_documents(documents)
        failed = [result for result in results if not result.ok]
        if failed:
            raise CommandError(
                "Unexpected status: " + ", ".join(f"{r.label} ({r.status}, not {r.expected})" for r in failed)
            )

    def _run(self, pages, iterations, warmup) -> list[Result]:
        clients = {}
        results = []
        for page in pages:
            persona = page.persona or benchmarks.BENCH_SECRETARIAT
            if persona not in clients:
                clients[persona] = self._client(persona)
            results.append(self._measure(clients[persona], page, iterations, warmup))
        return results

    @staticmethod
    def _static_manifest() -> bool | None:
        """Whether collectstatic's manifest is there (None: the static files are not named from one)."""
        storage = storages["staticfiles"]
        if not isinstance(storage, ManifestFilesMixin):
            return None
        return storage.read_manifest() is not None

    @staticmethod
    def _client(persona) -> Client:
        client = Client(HTTP_HOST=BENCH_HOST)
        client.force_login(benchmarks.ensure_persona(persona))
        return client

    def _measure(self, client, page, iterations, warmup) -> Result:
        url = page.resolve()
        result = Result(page.label, url, status=page.status, expected=page.status)
        answers = (page.status, *page.also)
        try:
            for _ in range(warmup):
                self._get(client, url, answers)
            timings = [self._get(client, url, answers) for _ in range(iterations)]
            # Counted on a separate request, so that capturing does not weigh on the timings.
            with CaptureQueriesContext(connection) as queries:
                self._get(client, url, answers)
        except UnexpectedStatus as error:
            result.status = error.status
            return result
        result.median_ms = statistics.median(timings) * 1000
        result.queries = len(queries)
        return result

    @staticmethod
    def _get(client, url, answers) -> float:
        started = time.perf_counter()
        # secure: production runs behind TLS, and with DEBUG off a plain http request would only redirect.
        response = client.get(url, secure=True)
        elapsed = time.perf_counter() - started
        if response.status_code not in answers:
            raise UnexpectedStatus(response.status_code)
        return elapsed

    def _report(self, results, iterations, warmup, manifest):
        counts = ", ".join(f"{count()} {label}" for label, count in benchmarks.SCALE_COUNTS)
        self.stdout.write(f"Scale: {counts}")
        self.stdout.write(f"{iterations} timed requests per page after {warmup} warm-up; DEBUG={settings.DEBUG}")
        if manifest is False:
            self.stdout.write("No static files manifest (run collectstatic): static files named without hashes.")
        width = max(len(result.label) for result in results)
        self.stdout.write(f"{'page':<{width}}  {'median ms':>9}  {'x floor':>7}  {'queries':>7}  url")
        floor = results[0].median_ms
        for result in results:
            self.stdout.write(self._line(result, width, floor))

    @staticmethod
    def _summary(results, documents, iterations, warmup, manifest) -> dict:
        floor = results[0]
        return {
            "debug": settings.DEBUG,
            "iterations": iterations,
            "warmup": warmup,
            "static_manifest": manifest,
            "scale": {label: count() for label, count in benchmarks.SCALE_COUNTS},
            "floor": {
                "name": floor.label,
                "url": floor.url,
                "status": floor.status,
                "median_ms": round(floor.median_ms, 3) if floor.ok else None,
                "queries": floor.queries if floor.ok else None,
            },
            "pages": [
                {
                    "name": result.label,
                    "url": result.url,
                    "status": result.status,
                    "expected_status": result.expected,
                    "ok": result.ok,
                    "median_ms": round(result.median_ms, 3) if result.ok else None,
                    "queries": result.queries if result.ok else None,
                    "ratio_to_floor": round(result.median_ms / floor.median_ms, 2)
                    if result.ok and floor.ok and floor.median_ms
                    else None,
                }
                for result in results[1:]
            ],
            "documents": [document._asdict() for document in documents],
        }

    @staticmethod
    def _documents() -> list["Document"]:
        """Each registered document built once: seconds, size, and the process's peak memory after it."""
        documents = []
        for label, build in benchmarks.DOCUMENTS:
            started = time.perf_counter()
            body = build()
            elapsed = time.perf_counter() - started
            if body is None:
                documents.append(Document(label, None, None, None))
                continue
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            documents.append(Document(label, round(elapsed, 3), round(len(body) / 1000, 1), round(peak)))
        return documents

    def _report_documents(self, documents):
        if not documents:
            return
        self.stdout.write(f"{'document':<32}  {'seconds':>7}  {'kB':>7}  {'peak RSS MiB':>12}")
        for document in documents:
            if document.seconds is None:
                self.stdout.write(f"{document.name:<32}  {'no data to build it from':>30}")
            else:
                seconds, kb, peak = document.seconds, document.kb, document.peak_rss_mib
                self.stdout.write(f"{document.name:<32}  {seconds:>7.2f}  {kb:>7.0f}  {peak:>12.0f}")

    def _line(self, result, width, floor) -> str:
        if not result.ok:
            return self.style.ERROR(
                f"{result.label:<{width}}  status {result.status}, not {result.expected}  {result.url}"
            )
        ratio = result.median_ms / floor if floor else 0.0
        return f"{result.label:<{width}}  {result.median_ms:>9.2f}  {ratio:>7.1f}  {result.queries:>7}  {result.url}"
