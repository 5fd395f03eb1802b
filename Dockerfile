# Production image of Hållbar Upphandling. One image serves every process of the production
# shape: gunicorn (the default command), the Celery worker and beat (see docker-compose.yml).
# Everything else comes from the environment that hallbar/settings.py reads.
FROM python:3.11-slim-bookworm

# The project runs from its source tree (PYTHONPATH): settings.py finds templates/, static/,
# locale/ and var/ next to hallbar/, and regions/data/*.csv is not part of the installed package.
# gunicorn reads WEB_CONCURRENCY as its number of workers (about 2 × CPUs + 1).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=hallbar.settings \
    PYTHONPATH=/app \
    WEB_CONCURRENCY=3

# WeasyPrint's runtime libraries and fonts (å, ä, ö), MIME data, and gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu \
        shared-mime-info \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 hallbar \
    && useradd --system --uid 10001 --gid hallbar --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin hallbar

WORKDIR /app
COPY . .

# pyproject.toml declares the dependencies (setuptools builds the package).
RUN pip install . && rm -rf build ./*.egg-info

# Build-time only: with DEBUG off the settings insist on a SECRET_KEY; this one never serves a request.
# var/ must belong to the app user: settings.py creates it on import, uploads and PDFs go to var/media.
RUN DEBUG=false SECRET_KEY=build-only python manage.py compilemessages \
    && DEBUG=false SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown -R hallbar:hallbar var

USER hallbar
EXPOSE 8000

# /halsa/ answers "ok". The request names the first of ALLOWED_HOSTS (Django refuses other hosts)
# and says it came through the TLS proxy (else SECURE_SSL_REDIRECT would answer a redirect).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, sys, urllib.request as r; \
host = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); \
host = 'localhost' if host in ('', '*') else host; \
req = r.Request('http://127.0.0.1:8000/halsa/', headers={'Host': host, 'X-Forwarded-Proto': 'https'}); \
sys.exit(r.urlopen(req, timeout=4).read() != b'ok')"

CMD ["gunicorn", "hallbar.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
