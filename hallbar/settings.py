"""Settings of Hållbar Upphandling: one file, configured by the environment.

With nothing set the app runs embedded: SQLite under var/, Celery tasks run
eagerly in-process, e-mail goes to the console and the cache is local memory.
DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, EMAIL_URL and
REQUIRE_MFA turn it into the production shape (see README.md).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-embedded-default-only-for-local-use")
else:
    # Fails loudly: a server must never run on a key that is in the repository.
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "hallbar.apps.HallbarAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, found through TEMPLATES (FORM_RENDERER below)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "sso.saml.apps.SamlProviderConfig",  # allauth's SAML provider, keeping the AuthnContextClassRef
    "django_htmx",
    "simple_history",
    "base",  # before import_export: its `manage.py import` takes the place of the library's
    "import_export",
    "treebeard",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "regions",
    "riskanalys",
    "krav",
    "revisioner",
    "incidenter",
    "akademi",
    "sjalvskattning",
    "ekonomi",
    "sso",
    "api",
    "hallbar",
]

MIDDLEWARE = [
    # Outermost: the request id, one log line per request and the request metrics (base/middleware.py).
    "base.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "base.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "base.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.authentication.TokenMiddleware",  # a personal access token under /api/ makes the request its person's
    "base.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "regions.middleware.RequireMfaMiddleware",
    "regions.middleware.DeclaredAccessMiddleware",
]

ROOT_URLCONF = "hallbar.urls"
WSGI_APPLICATION = "hallbar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hallbar.context_processors.navigation",
                "regions.context_processors.can",
            ],
        },
    },
]

# Form widgets render through the templates above, so templates/django/forms/ may refine one (the select).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hallbar.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query whose estimated cost is high: the audit selection's ranking
    # spent 1.1 s of 1.6 s compiling and 0.5 s running. Our queries are short; compiling never pays.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis serves as cache (sessions, rate limits) and Celery broker when REDIS_URL is set.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # A stopped Redis is a cache miss, not a 500: pages are served from the database (base/cache.py).
            "BACKEND": "base.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="hallbar"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Per process: the cached figures and list rows (base.cache) are retired by a change only in the
    # process that made it, so serve several processes only with REDIS_URL set.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A message a worker took but never acknowledged (it died) goes back to the queue after this long:
# longer than the longest job, so a job still running is never handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A running report job with no heartbeat (progress) for this long lost its worker and is marked failed.
REPORT_JOB_STALE_SECONDS = env.int("REPORT_JOB_STALE_SECONDS", default=5 * 60)
CELERY_TIMEZONE = "Europe/Stockholm"
# Celery beat: the periodic work (`celery -A hallbar beat`); each entry names a task and when it runs.
CELERY_BEAT_SCHEDULE = {
    "corrective-action-reminders": {
        "task": "revisioner.tasks.send_action_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "self-assessment-reminders": {
        "task": "sjalvskattning.tasks.send_request_reminders",
        "schedule": crontab(hour=6, minute=40),
    },
    "academy-anonymise-expired": {
        "task": "akademi.tasks.anonymise_expired_registrations",
        "schedule": 24 * 60 * 60,
    },
    "incident-send-pending-notifications": {
        "task": "incidenter.tasks.send_pending_incident_notifications",
        "schedule": crontab(minute=20),
    },
    "academy-send-pending-mail": {
        "task": "akademi.tasks.send_pending_academy_mail",
        "schedule": 60 * 60,
    },
    "outbox-hand-over": {
        "task": "base.tasks.hand_over_outbox",
        "schedule": 60,
    },
    "worker-heartbeat": {
        "task": "base.tasks.worker_heartbeat",
        "schedule": 60,
    },
    "open-data-nightly": {
        "task": "api.tasks.regenerate_open_data",
        "schedule": crontab(hour=3, minute=15),
    },
    "report-jobs-stale": {
        "task": "hallbar.tasks.fail_stale_report_jobs",
        "schedule": 60,
    },
}

# External participants' personal data are anonymised this many days after their event.
ACADEMY_RETENTION_DAYS = env.int("ACADEMY_RETENTION_DAYS", default=365)

# E-mail: printed to the console in the embedded default; a server must name its SMTP server
# (invitations are the only way in), e.g. EMAIL_URL=smtp+tls://user:password@host:587.
vars().update(env.email_url("EMAIL_URL", default="consolemail://") if DEBUG else env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Hållbar Upphandling <noreply@hallbar.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where links in e-mails sent by background work (reminders, notifications) point.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Accounts
AUTH_USER_MODEL = "regions.User"
AUTHENTICATION_BACKENDS = [
    "regions.backends.MemberBackend",
    "regions.access.CapabilityBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# sso.adapters: the regions' identity providers (sso.IdentityProvider rows) for allauth; no sign-up
# through them; a password refused where the region logs in through its provider.
ACCOUNT_ADAPTER = "sso.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "sso.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# Values of the OIDC `acr` claim that mean the identity provider did MFA (besides an `amr` naming a
# second factor): REFEDS MFA, OpenID PAPE multi-factor, and the Swedish assurance levels 3 and 4.
SSO_MFA_ACR_VALUES = env.list(
    "SSO_MFA_ACR_VALUES",
    default=[
        "https://refeds.org/profile/mfa",
        "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
        "http://id.elegnamnden.se/loa/1.0/loa3",
        "http://id.elegnamnden.se/loa/1.0/loa4",
    ],
)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# No mail to addresses without an account: the form must not become a way to mail strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's default rate limits stay on; failed logins: 5 per key in 5 minutes, 10 a minute per IP.
ACCOUNT_RATE_LIMITS = {}
# Behind a reverse proxy every request comes from the proxy: rate limits per client address (the
# login's, the academy's public form) read it from X-Forwarded-For, trusting this many proxies.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hållbar Upphandling"
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=False)
# The finance pages (fees, budget, the statement, fee letters): with REQUIRE_MFA on, whoever reads
# the finances (regions.access.MFA_CAPABILITIES) opens them only with a second factor.
MFA_FINANCE_PATHS = ["/ekonomi/"]

# Sessions end after 30 minutes without a request and 12 hours after login, whichever comes first.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Internationalisation: Swedish is the source language, English the translation.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Off: ids and years printed into attributes and URLs must never be grouped; amounts are grouped
# explicitly by the kr/tkr filters (hallbar/templatetags/hallbar_format.py).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Evidence files suppliers send (base.uploads): the largest accepted, and an optional virus scanner
# (a dotted path to a callable that raises ValidationError for a file it refuses).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_SCANNER = env.str("EVIDENCE_SCANNER", default="")
# Uploads and generated PDFs: files under MEDIA_ROOT, or an S3 bucket with STORAGE_BACKEND=s3 (the
# default once AWS_STORAGE_BUCKET_NAME is set). Never overwritten: two uploads of "a.pdf" are two objects.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", "") or ("s3" if env.str("AWS_STORAGE_BUCKET_NAME", "") else "filesystem")
if STORAGE_BACKEND not in ("filesystem", "s3"):
    raise environ.ImproperlyConfigured(f"STORAGE_BACKEND is 'filesystem' or 's3', not {STORAGE_BACKEND!r}.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if STORAGE_BACKEND == "filesystem"
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),  # required: fails loudly when missing
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "file_overwrite": False,
            "default_acl": None,  # the bucket's own (private): files are served only through the app's views
        },
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. Everything is on when DEBUG is off; each can be turned off behind a TLS proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses, switched off for our pages and anything they embed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the operator of the domain, not for the application.
    "security.W021",
]

# Content Security Policy: only our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# The open API (/api/v1/, api/): read through the same querysets as the pages, by a signed-in
# person or a personal access token; rate limits per IP address (anonymous) and per token, on the cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.WriteScope"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonymousThrottle",
        "api.throttles.TokenThrottle",
        "api.throttles.SessionThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANONYMOUS", default="60/min"),
        "token": env.str("API_RATE_TOKEN", default="600/min"),
        "session": env.str("API_RATE_SESSION", default="600/min"),
    },
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hållbar Upphandling API",
    "DESCRIPTION": "Published audit summaries, prioritised categories and harmonised requirements; "
    "for members with a personal access token also their audits, contracts and incident cases.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Operations' paths as plain text, not links inside their expand buttons (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # An audit's kind and a requirement's kind are different choices with the same field name.
    "ENUM_NAME_OVERRIDES": {
        "AuditKindEnum": "revisioner.models.Audit.Kind",
        "RequirementKindEnum": "krav.models.Requirement.Kind",
        "AuditStatusEnum": "revisioner.models.Audit.Status",
        "IncidentStatusEnum": "incidenter.models.Incident.Status",
    },
}

# Tenancy: an unscoped query of tenant data raises instead of leaking (on in DEBUG and tests).
TENANT_SCOPE_GUARD = env.bool("TENANT_SCOPE_GUARD", default=DEBUG)

# Logs (base/logs.py) on standard error: one line per request (hallbar.request) and per job
# (hallbar.job), every line with the request's or the job's id. JSON lines unless DEBUG; LOG_FORMAT
# (json or text) says otherwise. Celery keeps its hands off the root logger, so a worker writes the same.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise environ.ImproperlyConfigured(f"LOG_FORMAT is 'json' or 'text', not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "base.logs.ContextFilter"}},
    "formatters": {"json": {"()": "base.logs.JsonFormatter"}, "text": {"()": "base.logs.TextFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
        "hallbar.security": {"level": "INFO"},
        # The job's line says what Celery's success line says, without the arguments and the result.
        "celery.app.trace": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reporting (base/errors.py): Sentry only when SENTRY_DSN is set; no personal data is sent, and
# each event carries the request id the log and the 500 page show.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from base.errors import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Metrics (base/metrics.py) at /metrics, answered only to these addresses or networks (404 to others);
# a scraper asks over plain HTTP inside the network, so the page is left out of the HTTPS redirect.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1"])
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
