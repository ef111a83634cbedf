"""Settings for Cooperation Tracker, read from the environment (12-factor).

Every production value is checked at start-up: a bad or missing one stops the
process with a message that names the variable.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def envint(name, default):
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "0")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-debug-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the app answers to when DEBUG is off.")

INSTALLED_APPS = [
    # Before the admin, so that its translation fields and admin classes are in place first.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pagecache",
    "common",
    "trade",
    "cooperation",
    "notifications",
    "huey.contrib.djhuey",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "twofactor",
]

# Benchmark, load, profiling and data-generating commands: development only (DEBUG=1 or DEV_TOOLS=1).
if DEBUG or envbool("DEV_TOOLS", "0"):
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # An unprefixed page asked for in another language (its cookie, else Accept-Language) goes to that language's URL.
    "cooperation.languages.PreferredLanguageRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A session that gave its password but still owes a code (or an app's set-up) reaches only that step.
    "twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cooperation.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cooperation.context_processors.data_sources",
                "cooperation.context_processors.partner",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "cooperation.wsgi.application"

# SQLite is the embedded default; DATABASE_URL selects PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes write at once: WAL lets readers go on during a write,
    # IMMEDIATE takes the write lock at BEGIN so a transaction never fails
    # half-way on a lock upgrade, and the busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT", "20"),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Client-side cursors: a server-side one (every `.iterator()`, each model select's options) costs
    # three round trips and, outside a transaction, PostgreSQL materializes it anyway; and a
    # transaction-pooling proxy in front of several app servers does not allow them.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite (sqlite:///path) or PostgreSQL (postgres://...).")

# Whole pages are cached, keyed by the database's write stamp (see pagecache/), so a cached page is
# never stale and each worker may keep its own copy. The timeout and size only bound the memory.
PAGE_CACHE = envbool("PAGE_CACHE", "1")
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "3600")
# With REDIS_URL (redis://host:6379/0) every app server shares one cache: a page rendered by one is
# served by all, and the API's throttle counts are kept across servers. If Redis goes away, pages are
# rendered without it (pagecache/backends.py). Without it, each process keeps its own in memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}.")
    CACHES = {
        alias: {
            "BACKEND": "pagecache.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"cooperation:{alias}",
            "TIMEOUT": PAGE_CACHE_SECONDS if alias == PAGE_CACHE_ALIAS else 300,
        }
        for alias in ("default", PAGE_CACHE_ALIAS)
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": envint("PAGE_CACHE_ENTRIES", "300")},
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django's form rendering, with the commonest widget templates written in Python (common/form_renderer.py).
FORM_RENDERER = "common.form_renderer.FastWidgetRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Each language is named in its own language, so a reader finds theirs whatever the page is in.
LANGUAGES = [("en", "English"), ("kk", "Қазақша"), ("ru", "Русский"), ("az", "Azərbaycanca")]
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en").strip().lower()
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of {', '.join(dict(LANGUAGES))}; got {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content (titles, summaries, names) is kept per language; English is the original every record has,
# shown, marked as such, wherever a language has no text of its own.
MODELTRANSLATION_LANGUAGES = ("en", "kk", "ru", "az")
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"


def MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME(verbose_name, language):
    """A language field's label, "title [kk]", in the language of whoever reads the form."""
    from django.utils.text import format_lazy

    return format_lazy("{} [{}]", verbose_name, language)


# Django has no number and date formats for Kazakh; ours are in cooperation/formats/kk/.
FORMAT_MODULE_PATH = ["cooperation.formats"]
# A reader's choice of language is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Aqtau")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# The pair of economies the home page's headline indicators are about.
HOME_ECONOMY = os.environ.get("HOME_ECONOMY", "KZ-47")
HOME_PARTNER = os.environ.get("HOME_PARTNER", "AZ")

# Security. Behind a TLS-terminating proxy, set BEHIND_HTTPS_PROXY=1 and have the proxy send
# X-Forwarded-Proto: https; Django then treats those requests as secure.
if envbool("BEHIND_HTTPS_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = envbool("HTTPS", "0" if DEBUG else "1")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Asking browsers to preload HSTS commits the whole domain, subdomains included, to HTTPS for good:
# it is for the domain's owner to decide, so it is off unless HSTS_PRELOAD=1.
SECURE_HSTS_PRELOAD = HTTPS and envbool("HSTS_PRELOAD", "0")
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "not in the preload list": a choice, not an oversight
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Staff sessions end after SESSION_HOURS from the last change to the session (a login, a message)
# and, unless SESSION_EXPIRE_AT_BROWSER_CLOSE=0, when the browser is closed.
SESSION_HOURS = envint("SESSION_HOURS", "8")
if SESSION_HOURS < 1:
    raise ImproperlyConfigured(f"SESSION_HOURS must be at least 1; got {SESSION_HOURS}.")
SESSION_COOKIE_AGE = SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", "1")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Two-factor sign-in (django-otp): staff must set up an authenticator app and give its code at every
# sign-in; on by default in production. Any account may turn it on for itself.
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", "0" if DEBUG else "1")
OTP_TOTP_ISSUER = "Cooperation Tracker"

# Login throttling: after AXES_FAILURE_LIMIT failed logins, that user from that address is
# locked out for AXES_COOLOFF_MINUTES. Behind a proxy, set AXES_IPWARE_PROXY_COUNT to the number
# of proxies so the client's own address is read from X-Forwarded-For.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = envint("AXES_IPWARE_PROXY_COUNT", "0") or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_VERBOSE = False  # lock-outs are still logged; no banner on every command

# E-mail: SMTP when EMAIL_HOST is set, otherwise printed on the console (development).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "0")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL are two ways of the same thing: set one of them.")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cooperation Tracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails point here (no request to take the host from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long a partner's invitation link works (it works once).
PARTNER_INVITATION_DAYS = envint("PARTNER_INVITATION_DAYS", "7")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address, starting with http:// or https://; got {SITE_URL!r}."
    )


# Reminders: this many days before a follow-up is due, on the day, then every NOTIFY_OVERDUE_EVERY_DAYS
# while it is overdue. Digests are planned from NOTIFY_DIGEST_HOUR local time (weekly ones on
# NOTIFY_DIGEST_WEEKDAY, 0 = Monday) and list proposals with no status change in NOTIFY_STALE_DAYS.
def envdays(name, default):
    try:
        days = sorted({int(item) for item in envlist(name, default)}, reverse=True)
    except ValueError:
        days = [0]
    if any(day < 1 for day in days):
        raise ImproperlyConfigured(f"{name} must list whole numbers of days above 0, such as 7,1.")
    return days


NOTIFY_REMIND_DAYS_BEFORE = envdays("NOTIFY_REMIND_DAYS_BEFORE", "7,1")
NOTIFY_OVERDUE_EVERY_DAYS = envint("NOTIFY_OVERDUE_EVERY_DAYS", "7")
NOTIFY_DIGEST_HOUR = envint("NOTIFY_DIGEST_HOUR", "7")
NOTIFY_DIGEST_WEEKDAY = envint("NOTIFY_DIGEST_WEEKDAY", "0")
if not (0 <= NOTIFY_DIGEST_HOUR <= 23 and 0 <= NOTIFY_DIGEST_WEEKDAY <= 6):
    raise ImproperlyConfigured("NOTIFY_DIGEST_HOUR must be 0 to 23 and NOTIFY_DIGEST_WEEKDAY 0 (Monday) to 6 (Sunday).")
NOTIFY_STALE_DAYS = envint("NOTIFY_STALE_DAYS", "90")
# Managers are told of every status change in the sectors of their profile, as if they watched them.
NOTIFY_MANAGERS_WATCH_SECTORS = envbool("NOTIFY_MANAGERS_WATCH_SECTORS", "1")
# How often the worker looks for what is due, in minutes.
NOTIFY_EVERY_MINUTES = envint("NOTIFY_EVERY_MINUTES", "5")
if not 1 <= NOTIFY_EVERY_MINUTES <= 59 or NOTIFY_OVERDUE_EVERY_DAYS < 1:
    raise ImproperlyConfigured("NOTIFY_EVERY_MINUTES must be 1 to 59 and NOTIFY_OVERDUE_EVERY_DAYS at least 1.")

# The job queue (Huey) that sends e-mail: in the database's own kind of storage, so no other server is
# needed: a SQLite file beside the database, or PostgreSQL's tables; HUEY_REDIS_URL puts it on Redis.
HUEY_REDIS_URL = os.environ.get("HUEY_REDIS_URL", "")
if HUEY_REDIS_URL:
    _queue = {"huey_class": "huey.RedisHuey", "url": HUEY_REDIS_URL}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Its tables are made by `migrate` (notifications/migrations/0002), not by each process at start-up.
    _db = DATABASES["default"]
    _queue = {
        "huey_class": "huey.PostgresHuey",
        "create_tables": False,
        **{key: str(_db[name]) for key, name in (("host", "HOST"), ("port", "PORT"), ("dbname", "NAME"),
                                                 ("user", "USER"), ("password", "PASSWORD")) if _db.get(name)},
    }  # fmt: skip
else:
    _queue = {"huey_class": "huey.SqliteHuey", "filename": f"{DATABASES['default']['NAME']}.queue"}
HUEY = {
    "name": "cooperation",
    **_queue,
    "results": False,
    "utc": True,
    "immediate": False,  # always the worker, never the web request (the tests run tasks in place)
    "consumer": {"workers": envint("HUEY_WORKERS", "2"), "worker_type": "thread"},
}

# The read-only API (/api/v1/): JSON only, anonymous callers and personal tokens, rate-limited per
# token and per address (counted in each process's cache; put CACHES on Redis to share the count).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.TokenRateThrottle", "api.throttles.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_RATE_TOKEN", "5000/hour"),
        "address": os.environ.get("API_RATE_ADDRESS", "1000/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "api.schema.Schema",
    "EXCEPTION_HANDLER": "api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cooperation Tracker API",
    "DESCRIPTION": "Read-only: proposals, meetings, officials, organizations, sectors, economies, data sources and "
    "trade series with the provenance of every value. Anonymous callers see public records; staff with a "
    "personal token (Authorization: Token <key>) see what they see on the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKind": "cooperation.models.Organization.Kind",
        "MeetingKind": "cooperation.models.Meeting.Kind",
        "EconomyKind": "trade.models.Economy.Kind",
        "DataSourceKind": "trade.models.DataSource.Kind",
    },
}
