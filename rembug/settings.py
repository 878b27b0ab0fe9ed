"""Settings for Rembug, read from the environment so one package serves the demo, CI and production.

Environment: DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (default: SQLite under var/),
REMBUG_VAR_DIR, EMAIL_URL-less mail settings (console backend unless EMAIL_HOST is set).
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("REMBUG_VAR_DIR", Path.cwd() / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("DJANGO_DEBUG", False)

# --- Secret key (issue 9, hole 10a; docs/decisions/0010) -------------------------------------------------------
# No built-in key outside DEBUG: a published key lets anyone forge sessions and password-reset links. `make run`
# makes the demo its own random key (var/secret_key); pytest sets one for the tests (pyproject, pytest-env).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, e.g. the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' (`make run` makes one in var/secret_key)."
        )
    SECRET_KEY = "django-insecure-rembug-development-only"  # noqa: S105 -- only with DJANGO_DEBUG=1
# --- end secret key ---------------------------------------------------------------------------------------------
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "simple_history",
    "rembug.regions",
    "rembug.accounts",
    "rembug.agencies",
    "rembug.vocabularies",
    "rembug.cycles",
    "rembug.proposals",
    "rembug.notifications",
    "rembug.forums",
    "rembug.portal",
    "rembug.guide",
    "rembug.conditions",
    "rembug.delivery",
    "rembug.budget",
    "rembug.verification",
    "rembug.sipd",
    "rembug.scoring",
    "rembug.dashboard",
    "rembug.api",
    "rembug.demo",
    "rembug.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rembug.middleware.TextGZipMiddleware",  # after WhiteNoise: static files come precompressed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rembug.middleware.ChosenLanguageMiddleware",
    "rembug.middleware.RequestSizeMiddleware",  # after the language: its refusal page speaks the person's language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin edits name their author in the history (rembug/history.py); services name theirs themselves.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A page that needs "the" city of someone with roles in several cities asks them to choose (decisions/0021).
    "rembug.accounts.middleware.CityChoiceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "rembug.middleware.OutOfRangeMiddleware",
]

# History is read, never replayed: a revert from the admin would bypass the services and their rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "rembug.urls"
WSGI_APPLICATION = "rembug.wsgi.application"
ASGI_APPLICATION = "rembug.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rembug.dashboard.context_processors.navigation",
            ],
            # {% load rupiah %}{{ amount|rupiah }}: the one style of rupiah amounts (rembug/rupiah.py).
            # {% load webforms %}{% error_title_prefix %}: "Kesalahan: " in the title of a refused form (webforms.py).
            "libraries": {"rupiah": "rembug.rupiah", "webforms": "rembug.webforms"},
        },
    },
]

# SQLite (WAL, so readers never wait for the writer) for the demo; PostgreSQL in production via DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'rembug.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:dashboard"
LOGOUT_REDIRECT_URL = "dashboard:home"

# Bahasa Indonesia first (standing rule 3); English can be chosen from every page.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Leaflet's files come from the django-leaflet package (its app is not installed: it would need GDAL).
STATICFILES_DIRS = [PACKAGE_DIR / "static", Path(importlib.util.find_spec("leaflet").origin).parent / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded files are sent by permission-checked views (decision 0024). Behind nginx, set the prefix of an `internal`
# location aliased to MEDIA_ROOT (e.g. /_media/) and nginx sends the bytes; behind Apache (mod_xsendfile) or lighttpd
# set REMBUG_MEDIA_SENDFILE=1. Unset: Django streams the file itself.
REMBUG_MEDIA_ACCEL_PREFIX = os.environ.get("REMBUG_MEDIA_ACCEL_PREFIX", "")
REMBUG_MEDIA_SENDFILE = _env_bool("REMBUG_MEDIA_SENDFILE", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Closed unless said otherwise: an endpoint that is public on purpose says AllowAny itself (token, schema, open
    # data, regions, cycles, dictionary); a forgotten one answers 401, not its data (issue 9, hole 10d).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rembug.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "rembug.api.errors.exception_handler",
    # JSON bounded in size, depth and numbers (a 400, not a 500); forms and files as DRF parses them.
    "DEFAULT_PARSER_CLASSES": [
        "rembug.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {"login": "10/minute"},
}
# Tokens are stored hashed (knox); integrations send `Authorization: Bearer <token>`.
REST_KNOX = {"AUTH_HEADER_PREFIX": "Bearer", "TOKEN_TTL": None, "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rembug API",
    "DESCRIPTION": "REST API of Rembug, the e-Musrenbang. Authenticate with `POST /api/v1/auth/token`, then send "
    "`Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 400/401/403/404/409 with the error body of rembug/api/errors.py, documented once for every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rembug.api.schema.add_error_responses",
    ],
    # Several models have a "status"/"kind"/"source" field; name each enum after its meaning.
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "rembug.proposals.lifecycle.Status",
        "MeetingStatusEnum": "rembug.forums.models.MeetingStatus",
        "MeetingKindEnum": "rembug.forums.models.MeetingKind",
        "OfficialCategoryEnum": "rembug.forums.models.OfficialCategory",
        "AttachmentKindEnum": "rembug.proposals.models.AttachmentKind",
        "FundingSourceEnum": "rembug.proposals.choices.FundingSource",
        "FieldEnum": "rembug.proposals.choices.Field",
        "CategoryEnum": "rembug.proposals.choices.Category",
        "CriterionKindEnum": "rembug.scoring.models.CriterionKind",
        "CriterionSourceEnum": "rembug.scoring.models.CriterionSource",
        "VoteKindEnum": "rembug.scoring.models.VoteKind",
        "CeilingKindEnum": "rembug.budget.models.CeilingKind",
    },
}

# Map background tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty: boundaries only (works offline).
REMBUG_MAP_TILES = os.environ.get("REMBUG_MAP_TILES", "")
# The public address of the site, printed in QR codes of the Berita Acara (they open the forum's public page).
REMBUG_SITE_URL = os.environ.get("REMBUG_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_TILE_HOST = "/".join(REMBUG_MAP_TILES.split("/")[:3]) if REMBUG_MAP_TILES.startswith("https://") else ""

# A strict Content-Security-Policy: no inline script or style anywhere, assets served by us only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_TILE_HOST] if _TILE_HOST else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _env_bool("DJANGO_SECURE", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # --- HSTS scope (issue 9, hole 10b; docs/decisions/0010): `manage.py check --deploy` is clean. ---------------
    # Rembug runs on its own host (musrenbang.<city>.go.id): its subdomains are HTTPS too, and preloading is then
    # the city's choice to make at hstspreload.org (the directive alone enrols nothing).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # --- end HSTS scope ---

# Uploads: form fields other than files stay under 2.5 MB, and a file over 2.5 MB goes to a temporary file, not
# memory. Django has no cap per file: each upload field checks its own (spreadsheets: rembug/spreadsheets.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A whole request body (a form with its photos): larger is refused up front with a clear page (RequestSizeMiddleware).
# The phone's script shrinks each photo to ~0.3-0.8 MB and sends it alone (decision 0032), far below this.
REMBUG_MAX_REQUEST_BYTES = int(os.environ.get("REMBUG_MAX_REQUEST_BYTES", str(20 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "rembug@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# ── Login protection (issue 9, hole 3; docs/decisions/0011-login-protection.md) ─────────────────────────────────
# Kept in one block so it merges cleanly: lockout (django-axes), the client's address behind trusted proxies,
# a throttle cache shared by every gunicorn worker, expiring and revocable API tokens, optional TOTP for staff.
# REMBUG_TRUSTED_PROXIES: how many reverse proxies stand in front of Rembug (0: X-Forwarded-For is ignored).
REMBUG_TRUSTED_PROXIES = int(os.environ.get("REMBUG_TRUSTED_PROXIES", "0"))
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
# Axes refuses a locked-out (username, address) before any password is checked; it must come first.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
# After the messages middleware: a session that owes its second step reaches only the code page.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "rembug.accounts.middleware.SecondStepMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last: turns a lockout into the locked-out page
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # in the database: one count for all workers
AXES_FAILURE_LIMIT = int(os.environ.get("REMBUG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("REMBUG_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rembug.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "rembug.accounts.security.client_ip"
REST_FRAMEWORK["NUM_PROXIES"] = REMBUG_TRUSTED_PROXIES
# DRF's throttle counts in this cache; in the database, so that three workers do not give three times the rate.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "rembug_throttle_cache"},
}
REST_KNOX = {**REST_KNOX, "TOKEN_TTL": timedelta(hours=int(os.environ.get("REMBUG_TOKEN_TTL_HOURS", "720")))}
# Two-factor sign-in: optional for staff; when true, staff without a device are sent to enrol one first.
REMBUG_REQUIRE_2FA_FOR_STAFF = _env_bool("REMBUG_REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = "Rembug"
# ── end of login protection ─────────────────────────────────────────────────────────────────────────────────────

# ── Read replica (issue 14, point 5; docs/scaling.md, docs/decisions/0034) ──────────────────────────────────────
# DATABASE_REPLICA_URL: a streaming replica of DATABASE_URL. Set, reads go to it through rembug/dbrouter.py, and a
# client that wrote reads from the primary for REMBUG_READ_YOUR_WRITES_SECONDS (longer than the worst lag).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["rembug.dbrouter.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "rembug.dbrouter.ReadYourWritesMiddleware"
    )
    REMBUG_READ_YOUR_WRITES_SECONDS = int(os.environ.get("REMBUG_READ_YOUR_WRITES_SECONDS", "10"))
    # Each response says where its reads went (X-Rembug-Reads); for bench/replica_demo.py, off in production.
    REMBUG_READS_HEADER = _env_bool("REMBUG_READS_HEADER", False)
# PgBouncer in transaction pooling mode (docs/scaling.md): server-side cursors do not survive a pooled connection.
if _env_bool("REMBUG_PGBOUNCER", False):
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
        _alias["CONN_MAX_AGE"] = 0
# ── end of read replica ─────────────────────────────────────────────────────────────────────────────────────────

# ── Uploads on object storage (issue 14, points 4 and 5; docs/scaling.md) ──────────────────────────────────────
# REMBUG_S3_BUCKET set: uploaded files go to an S3-compatible store (MinIO, Ceph, a cloud's) through django-storages
# (install `django-storages[s3]`), so app servers keep no files and any of them can answer any request. Files stay
# private: they are served by the permission-checked views (rembug/uploads.py), never by a public bucket address.
if os.environ.get("REMBUG_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["REMBUG_S3_BUCKET"],
            "endpoint_url": os.environ.get("REMBUG_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("REMBUG_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# ── end of object storage ───────────────────────────────────────────────────────────────────────────────────────
