"""Settings for wangge. Everything a deployment changes comes from the environment.

WANGGE_DATABASE_URL   sqlite:///path/to/file.sqlite3 (default: $WANGGE_DATA_DIR/wangge.sqlite3)
                      or postgres://user:password@host:port/name
WANGGE_DATA_DIR       where the embedded database, the analytics store and exports live (./var)
WANGGE_SECRET_KEY     the signing key; unset, one is generated into $WANGGE_DATA_DIR/secret_key
                      (demo, commands, tests); `wangge serve` refuses to start without it
                      unless debugging
WANGGE_DEBUG          1/0 (default 0; `wangge demo` and scripts/demo.sh set 1)
WANGGE_HTTPS          1: served over HTTPS (secure cookies, HSTS, redirect to https)
WANGGE_SSL_REDIRECT   1/0: redirect http to https (default: WANGGE_HTTPS)
WANGGE_HSTS_SECONDS   Strict-Transport-Security max-age (default 31536000 with HTTPS, else 0)
WANGGE_BEHIND_PROXY   1: trust X-Forwarded-Proto from the reverse proxy in front
WANGGE_ALLOWED_HOSTS  comma-separated (default: localhost,127.0.0.1,[::1],testserver)
WANGGE_MAP_TILE_URL   a base-map tile URL template ({z}/{x}/{y}); empty: a plain background
WANGGE_TASKS          "database" (default: a worker runs them) or "immediate" (run inline)
WANGGE_RATE_OPTIONS   JSON of the five rates' options (wangge.core.rates.RateOptions)
WANGGE_LOGIN_FAILURES the wrong passwords in a row, per username and address, that lock out
                      log-in on the form and on HTTP basic auth (default 5; 0 turns it off)
WANGGE_LOGIN_LOCKOUT_MINUTES how long such a lock lasts (default 30)
WANGGE_ALERT_OPTIONS, WANGGE_ALERT_WORK, WANGGE_ALERT_ACTIONS  JSON: the alert rules'
                      thresholds, how alerts become work orders, the actions per rule
WANGGE_GEOFENCE_METRES a check-in further than this from its customer or place is
                      flagged outside the geofence (default 300)
WANGGE_POOL_DAYS      a prospect nobody follows up for this many days returns to its
                      grid's pool (`wangge work pool`; default 30)
WANGGE_TAG_OPTIONS    JSON: the customer tag rules' thresholds (high_arpu_cents)
WANGGE_RESOURCES_FLAG_BELOW a resource's result ratio under which it is flagged (default 1)
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("WANGGE_DATA_DIR", Path.cwd() / "var")).resolve()
STORE_DIR = DATA_DIR / "store"
EXPORT_DIR = DATA_DIR / "exports"


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0") == "1"


def generated_secret_key(folder: Path) -> str:
    """A random key kept beside the data, so the demo, a command or a test run needs no
    configuration and no key is ever shared between installations. A production server
    sets its own (``wangge serve`` insists)."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
                f.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass
    return path.read_text().strip()


DEBUG = env_flag("WANGGE_DEBUG")
SECRET_KEY_FROM_ENV = bool(os.environ.get("WANGGE_SECRET_KEY"))
SECRET_KEY = os.environ.get("WANGGE_SECRET_KEY") or generated_secret_key(DATA_DIR)
ALLOWED_HOSTS = os.environ.get(
    "WANGGE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
).split(",")


def database_from_url(url: str | None) -> dict:
    """Turn WANGGE_DATABASE_URL into a Django DATABASES entry (SQLite or PostgreSQL)."""
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "wangge.sqlite3",
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": unquote(parsed.path) or ":memory:",
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
        }
    raise RuntimeError(f"WANGGE_DATABASE_URL: unsupported scheme {parsed.scheme!r}")


DATABASES = {"default": database_from_url(os.environ.get("WANGGE_DATABASE_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "wangge.base",
    "wangge.org",
    "wangge.territory",
    "wangge.customers",
    "wangge.jobs",
    "wangge.notices",
    "wangge.analytics",
    "wangge.appraisal",
    "wangge.pay",
    "wangge.audit",
    "wangge.demo",
    "wangge.registry",
    "wangge.intake",
    "wangge.alerts",
    "wangge.work",
    "wangge.resources",
    "wangge.people",
    "wangge.project",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Chinese whatever the browser asks; a person's choice kept on their profile.
    "wangge.project.middleware.PreferredLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as its documentation asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wangge.project.urls"
WSGI_APPLICATION = "wangge.project.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wangge.base.context.shell",
                "wangge.notices.context.unread",
            ],
        },
    }
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "base" / "locale"]
# A refused CSRF check is the frame's 403 page, in the reader's language.
CSRF_FAILURE_VIEW = "wangge.project.views.csrf_failure"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start without it
# Compressed, not manifest, storage: pages render before any collectstatic (tests, the
# demo), and WhiteNoise serves STATIC_ROOT once `wangge serve` has collected it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
LOGIN_URL = "login"
# Log-in throttling (django-axes): the lock-out check runs before the password check, so a
# locked username is refused even with the right password; counted per username *and*
# address, so one attacker cannot lock everybody out and a locked user on another
# address still logs in. Every path that checks a password passes the request (the form,
# wangge.base.auth.ThrottledBasicAuthentication); one that does not fails loudly.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("WANGGE_LOGIN_FAILURES") or 5)
AXES_ENABLED = AXES_FAILURE_LIMIT > 0
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("WANGGE_LOGIN_LOCKOUT_MINUTES") or 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "base/locked_out.html"
AXES_COOLOFF_MESSAGE = _("Too many wrong passwords: log-in is locked for a while.")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "wangge.base.schema.WanggeAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "wangge.base.auth.ThrottledBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "wangge.base.params.CappedLimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "wangge API",
    "DESCRIPTION": _("Grid marketing management: organisation, territory, customers, appraisal"),
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "wangge.jobs.models.JobStatus",
        "SchemeStatusEnum": "wangge.appraisal.models.SchemeStatus",
        "RunStatusEnum": "wangge.appraisal.models.RunStatus",
        "DistributionStatusEnum": "wangge.pay.models.DistributionStatus",
        "SubscriptionStatusEnum": "wangge.customers.models.SubscriptionStatus",
        "WorkOrderKindEnum": "wangge.work.choices.WorkOrderKind",
        "WorkOrderStatusEnum": "wangge.work.choices.WorkOrderStatus",
        "OpportunityKindEnum": "wangge.work.choices.OpportunityKind",
        "StageEnum": "wangge.work.choices.Stage",
        "OutcomeEnum": "wangge.work.choices.Outcome",
        "ClosingOutcomeEnum": "wangge.work.choices.CLOSING_OUTCOMES",
        "ProviderEnum": "wangge.work.choices.Provider",
        "BuyingRoleEnum": "wangge.work.choices.BuyingRole",
        "PersonLevelEnum": "wangge.org.models.Level",
        "ImportKindEnum": "wangge.intake.models.KIND_CHOICES",
        "ImportStatusEnum": "wangge.intake.models.RunStatus",
        "MeetingKindEnum": "wangge.work.choices.MeetingKind",
        "CompetitionKindEnum": "wangge.work.choices.CompetitionKind",
        "NetworkResourceKindEnum": "wangge.work.choices.ResourceKind",
        "MarketingResourceKindEnum": "wangge.resources.choices.ResourceKind",
    },
}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("WANGGE_TASKS") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Which roles see personal numbers in full (see wangge.core.access.MaskingPolicy).
WANGGE_MASKING = {
    "phone": ["grid_manager", "frontline"],
    "id_number": [],
}
# The five rates' definitions (wangge.core.rates.RateOptions fields), e.g.
# WANGGE_RATE_OPTIONS='{"churn_base": "opening", "churn_suspended_over_90": true}'
# ("development": "per_line" (default) or "pooled"; see wangge.core.rates.RateOptions)
WANGGE_RATE_OPTIONS = json.loads(os.environ.get("WANGGE_RATE_OPTIONS") or "{}")
WANGGE_MAP_TILE_URL = os.environ.get("WANGGE_MAP_TILE_URL", "")
# A check-in further than this from the customer's or place's location (metres) is
# flagged outside the geofence (wangge.core.work.geo).
WANGGE_GEOFENCE_METRES = int(os.environ.get("WANGGE_GEOFENCE_METRES") or 300)
WANGGE_POOL_DAYS = int(os.environ.get("WANGGE_POOL_DAYS") or 30)
WANGGE_MAP_TILE_ATTRIBUTION = os.environ.get("WANGGE_MAP_TILE_ATTRIBUTION", "")
# Customer alerts: the rules' thresholds (wangge.core.alerts.rules.AlertOptions), how
# alerts become work (wangge.core.alerts.plan.WorkOptions) and the suggested action per
# rule (text replacing the default), each JSON, e.g. WANGGE_ALERT_OPTIONS='{"contract_days": 90}'
WANGGE_ALERT_OPTIONS = json.loads(os.environ.get("WANGGE_ALERT_OPTIONS") or "{}")
WANGGE_ALERT_WORK = json.loads(os.environ.get("WANGGE_ALERT_WORK") or "{}")
WANGGE_ALERT_ACTIONS = json.loads(os.environ.get("WANGGE_ALERT_ACTIONS") or "{}")
# Customer tags' rule thresholds (wangge.core.work.tags.TagOptions), JSON, e.g.
# WANGGE_TAG_OPTIONS='{"high_arpu_cents": 30000}'
WANGGE_TAG_OPTIONS = json.loads(os.environ.get("WANGGE_TAG_OPTIONS") or "{}")
# A unit whose resources returned less than this ratio of what it was given is flagged
WANGGE_RESOURCES_FLAG_BELOW = Fraction(os.environ.get("WANGGE_RESOURCES_FLAG_BELOW") or "1")

# Notices also go by e-mail when WANGGE_NOTICE_MAIL=1, through Django's mail settings;
# the link in the mail starts with WANGGE_BASE_URL (e.g. https://wangge.example.com).
WANGGE_NOTICE_MAIL = env_flag("WANGGE_NOTICE_MAIL")
WANGGE_BASE_URL = os.environ.get("WANGGE_BASE_URL", "")
EMAIL_HOST = os.environ.get("WANGGE_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WANGGE_EMAIL_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("WANGGE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WANGGE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_flag("WANGGE_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("WANGGE_EMAIL_FROM", "wangge@localhost")


def tile_origin(url: str) -> list[str]:
    """The origin of the map tiles, the one source outside the server a page may load
    from (a ``{s}`` subdomain pattern allows any subdomain)."""
    parsed = urlparse(url.replace("{s}", "*"))
    return [f"{parsed.scheme}://{parsed.netloc}"] if parsed.scheme and parsed.netloc else []


# Content-Security-Policy (django-csp): the pages load nothing from outside, and no
# inline script runs (behaviour is in static JS files; data comes through json_script
# or data- attributes), so an injected <script> or onclick= is inert. Styles keep
# 'unsafe-inline': the vendored ECharts and Leaflet write style attributes into their
# tooltips and map panes, and the API docs pages carry a <style>; injected CSS cannot
# run code, and this is the usual trade-off for such libraries.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *tile_origin(WANGGE_MAP_TILE_URL)],
        "worker-src": ["'self'", "blob:"],  # the API reference (Redoc) parses in a worker
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

HTTPS = env_flag("WANGGE_HTTPS")
if env_flag("WANGGE_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("WANGGE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("WANGGE_HSTS_SECONDS") or (31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
