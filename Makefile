# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test install lint format messages worker bench

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED)

# Serves the app with demo data on the embedded default (SQLite under var/, tasks run in-process).
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite; against PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Swedish is the source language; this refreshes the English catalogue and compiles it.
messages: install
	$(PY) manage.py makemessages --locale en --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "tests/*"
	$(PY) manage.py compilemessages --locale en --ignore ".venv/*"

worker: install
	$(VENV)/bin/celery -A hallbar worker --loglevel=info --pool=solo

# The benchmark of the README: on PostgreSQL (DATABASE_URL) at national scale, with DEBUG off as on a
# server; every page in ms and as a multiple of the floor page /halsa/ of the same run, then
# gunicorn (2 workers) under wrk, 30 s a page. The data set is generated once (the generator tops up).
BENCH_ENV := DEBUG=false EMAIL_URL=$${EMAIL_URL:-consolemail://} SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret-key-of-fifty-characters}
bench: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make bench: set DATABASE_URL to a PostgreSQL database"; exit 1;; esac
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py generate_scale_data --scale national --force
	$(BENCH_ENV) $(PY) manage.py bench --json > var/bench.json
	@echo "In-process figures: var/bench.json"
	$(BENCH_ENV) scripts/bench_http.sh 30
