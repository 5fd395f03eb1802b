"""Time the registered pages (hallbar/benchmarks.py) in-process against a floor page of the same run."""

import resource
import statistics
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from hallbar import benchmarks

# Requests go to this host; it is added to ALLOWED_HOSTS for the run, so the bench works whatever the settings.
BENCH_HOST = "127.0.0.1"


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

    def handle(self, *args, iterations, warmup, only, no_documents=False, **options):
        if iterations < 1 or warmup < 0:
            raise CommandError("--iterations must be at least 1 and --warmup at least 0.")
        pages = [page for page in benchmarks.PAGES if only.lower() in page.label.lower()]
        if not pages:
            raise CommandError(f"No registered page matches {only!r}.")
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, BENCH_HOST]):
            results = self._run([benchmarks.FLOOR, *pages], iterations, warmup)
        self._report(results, iterations, warmup)
        if not no_documents and not only:
            self._documents()
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
    def _client(persona) -> Client:
        # secure=True: production runs behind TLS, and with DEBUG off a plain http request would only redirect.
        client = Client(HTTP_HOST=BENCH_HOST, secure=True)
        client.force_login(benchmarks.ensure_persona(persona))
        return client

    def _measure(self, client, page, iterations, warmup) -> Result:
        url = page.resolve()
        result = Result(page.label, url, status=page.status, expected=page.status)
        try:
            for _ in range(warmup):
                self._get(client, url, page.status)
            timings = [self._get(client, url, page.status) for _ in range(iterations)]
            # Counted on a separate request, so that capturing does not weigh on the timings.
            with CaptureQueriesContext(connection) as queries:
                self._get(client, url, page.status)
        except UnexpectedStatus as error:
            result.status = error.status
            return result
        result.median_ms = statistics.median(timings) * 1000
        result.queries = len(queries)
        return result

    @staticmethod
    def _get(client, url, expected) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != expected:
            raise UnexpectedStatus(response.status_code)
        return elapsed

    def _report(self, results, iterations, warmup):
        counts = ", ".join(f"{count()} {label}" for label, count in benchmarks.SCALE_COUNTS)
        self.stdout.write(f"Scale: {counts}")
        self.stdout.write(f"{iterations} timed requests per page after {warmup} warm-up; DEBUG={settings.DEBUG}")
        width = max(len(result.label) for result in results)
        self.stdout.write(f"{'page':<{width}}  {'median ms':>9}  {'x floor':>7}  {'queries':>7}  url")
        floor = results[0].median_ms
        for result in results:
            self.stdout.write(self._line(result, width, floor))

    def _documents(self):
        """Each registered document built once: seconds, size, and the process's peak memory after it."""
        self.stdout.write(f"{'document':<32}  {'seconds':>7}  {'kB':>7}  {'peak RSS MiB':>12}")
        for label, build in benchmarks.DOCUMENTS:
            started = time.perf_counter()
            body = build()
            elapsed = time.perf_counter() - started
            if body is None:
                self.stdout.write(f"{label:<32}  {'no data to build it from':>30}")
                continue
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
            self.stdout.write(f"{label:<32}  {elapsed:>7.2f}  {len(body) / 1000:>7.0f}  {peak:>12.0f}")

    def _line(self, result, width, floor) -> str:
        if not result.ok:
            return self.style.ERROR(
                f"{result.label:<{width}}  status {result.status}, not {result.expected}  {result.url}"
            )
        ratio = result.median_ms / floor if floor else 0.0
        return f"{result.label:<{width}}  {result.median_ms:>9.2f}  {ratio:>7.1f}  {result.queries:>7}  {result.url}"
