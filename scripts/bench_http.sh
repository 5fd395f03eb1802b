#!/usr/bin/env bash
# Throughput of a few pages under load: gunicorn with 2 workers on 127.0.0.1, wrk for 30 s a page,
# logged in as the bench's secretariat user; the floor page (/halsa/) measured first, in the same run.
# Needs DATABASE_URL (PostgreSQL at national scale for the figures of the README) and wrk.
# Usage: scripts/bench_http.sh [seconds]   (PORT, CONNECTIONS, THREADS from the environment)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
SECONDS_A_PAGE=${1:-30}
PORT=${PORT:-8765}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
command -v wrk >/dev/null || { echo "wrk is missing (Debian package wrk)" >&2; exit 1; }

export DEBUG=${DEBUG:-false} ALLOWED_HOSTS=127.0.0.1 EMAIL_URL=${EMAIL_URL:-consolemail://}
export SECRET_KEY=${SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}

# With DEBUG off the pages name their static files from collectstatic's manifest.
$PY manage.py collectstatic --noinput -v0

# A session of the bench user, in the database and cache gunicorn reads.
COOKIE=$($PY manage.py shell -c "
from django.test import Client
from hallbar import benchmarks
client = Client()
client.force_login(benchmarks.ensure_persona(benchmarks.BENCH_SECRETARIAT))
print(client.cookies['sessionid'].value)" 2>/dev/null | tail -1)

.venv/bin/gunicorn hallbar.wsgi:application --workers 2 --bind "127.0.0.1:$PORT" --log-level warning \
  --access-logfile /dev/null >/dev/null 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/halsa/" && break
  sleep 0.2
done

printf "%-28s %10s %10s %10s %10s\n" page "req/s" "p50" "p99" "non-2xx"
for page in "floor|/halsa/" "steering dashboard|/styrning/?year=2024" "audit list|/revisioner/"; do
  label=${page%%|*} path=${page#*|}
  out=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "${SECONDS_A_PAGE}s" --latency \
    -H "Cookie: sessionid=$COOKIE" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf "%-28s %10s %10s %10s %10s\n" "$label" "$rps" "$p50" "$p99" "${bad:-0}"
  if [ "$path" = /halsa/ ] && [ "${bad:-0}" != 0 ]; then
    echo "  (the floor answered 503: no worker heartbeat; run a worker with beat, celery -A hallbar worker -B)"
  fi
done
