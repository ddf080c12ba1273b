"""Settings, read from environment variables with safe development defaults.

Production: set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see README.
"""
from pathlib import Path
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
import xstatic.pkg.bootstrap

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "audit",
    "institutions",
    "targets",
    "reporting",
    "reports",
    "demo",
    "api",
]
# The benchmark and its synthetic province are development tools, never installed in production.
if env_bool("PORTAL_BENCH", DEBUG):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "laichau_plan.middleware.SecurityHeadersMiddleware",
    # The database gone (stopped, restarting): 503 and a Vietnamese page, not a 500 (docs/deployment.md).
    "laichau_plan.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages (HTML, JSON, downloads) gzip-compressed for slow links; below WhiteNoise, which answers
    # static files with its own pre-compressed copies. BREACH: see docs/deployment.md, section 8.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "laichau_plan.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who changed a registry or plan row
    "laichau_plan.middleware.PrivatePagesMiddleware",
    "laichau_plan.middleware.NulByteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: a sign-in refused for a lock answers the lock's message (audit/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "laichau_plan.urls"
WSGI_APPLICATION = "laichau_plan.wsgi.application"

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
                "institutions.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several processes (runserver, a cron command) may write at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"].endswith("postgresql") and not env_bool("POSTGRES_JIT", False):
    # PostgreSQL's JIT compiler spends ~9 ms compiling the report's GROUP BYs, which run in ~10 ms
    # without it (docs/performance.md): off for this connection unless POSTGRES_JIT=1.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A kept connection (CONN_MAX_AGE) is checked before a request uses it: after PostgreSQL restarts
    # the workers connect again instead of failing on their dead connections (docs/deployment.md).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lock (django-axes, audit/lockout.py): its backend, first, refuses a username or address
# after repeated failures, counted in the database, so every gunicorn worker and server sees them.
AUTHENTICATION_BACKENDS = ["audit.lockout.LockBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_IP = env_int("LOGIN_FAILURE_LIMIT_PER_IP", 20)
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
AXES_HANDLER = "audit.lockout.PortalAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = "audit.lockout.user_limit"  # the address's limit: in the handler
AXES_COOLOFF_TIME = "audit.lockout.cool_off"
AXES_USERNAME_CALLABLE = "audit.lockout.username_key"
AXES_CLIENT_IP_CALLABLE = "audit.client.client_ip"
AXES_LOCKOUT_CALLABLE = "audit.lockout.lockout_response"
# The lock ends LOGIN_LOCK_MINUTES after the failure that set it, as its message says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Sign-ins are in the portal's own audit log (audit/signals.py).
AXES_DISABLE_ACCESS_LOG = True
# "Quên mật khẩu?": reset mails asked for one e-mail address, and from one client address, within
# PASSWORD_RESET_MINUTES; past the limit the form refuses until the window ends (audit/reset_limit.py).
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 10)
PASSWORD_RESET_MINUTES = env_int("PASSWORD_RESET_MINUTES", 60)
# Reverse proxies in front (nginx: 1); the client address is then read from X-Forwarded-For.
NUMBER_OF_PROXIES = env_int("NUMBER_OF_PROXIES", 0)


def cache_config(redis_url):
    """Redis when REDIS_URL is set (shared by all gunicorn workers), else per-process memory."""
    if not redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "laichau"}}
    try:
        import redis  # noqa: F401
    except ImportError as exc:
        raise ImproperlyConfigured("REDIS_URL is set but the redis package is not installed") from exc
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}


# Sessions live in the database, so several application servers behind one PostgreSQL share
# them; with Redis they are read from the cache and written through to the database
# ("cached_db"), so a Redis restart signs nobody out.
CACHES = cache_config(os.environ.get("REDIS_URL", ""))
if os.environ.get("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Seconds a consolidated report's numbers stay cached (reports/cache.py: the key
# changes with the data, this only bounds edits made outside the portal); 0 turns the cache off.
REPORT_CACHE_SECONDS = env_int("REPORT_CACHE_SECONDS", 600)
# A period's PDF with more districts than this is built in the background by
# `manage.py build_reports --loop` (the page shows its progress); 0 builds every PDF at once.
REPORT_BACKGROUND_AREAS = env_int("REPORT_BACKGROUND_AREAS", 20)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and formats: Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["laichau_plan.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded attachments live outside the web root and are served by a view that checks access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default; set EMAIL_URL-like variables in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cong-ke-hoach@localhost")

# Security: strict in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A monitor on the machine itself may ask over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    if not SECURE_HSTS_PRELOAD:
        # Preloading is the domain owner's decision (it binds every subdomain of the apex
        # domain, for months); SECURE_HSTS_PRELOAD=1 turns it on and this check back on.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The province the portal is run for (used on printed documents).
PORTAL_PROVINCE_NAME = os.environ.get("PORTAL_PROVINCE_NAME", "Lai Châu")
PORTAL_DEPARTMENT_NAME = os.environ.get("PORTAL_DEPARTMENT_NAME", "Sở Văn hóa, Thể thao và Du lịch")
# The department's digital certificate (a PKCS#12 file and its password): issued reports' PDFs are
# signed with it (reports/signing.py). Empty: reports are issued unsigned and their page says so.
PORTAL_SIGNING_CERT = os.environ.get("PORTAL_SIGNING_CERT", "")
PORTAL_SIGNING_PASSWORD = os.environ.get("PORTAL_SIGNING_PASSWORD", "")
# Where users reach the portal, for links in e-mails (reminders).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # 4xx as WARNING and 5xx as ERROR with the path ("Not Found: /x"), whatever LOG_LEVEL.
        "django.request": {"level": "WARNING"},
        # Sign-in, sign-out, failed sign-in and lockouts (audit/signals.py), always kept.
        "audit": {"level": "INFO"},
        # django-axes's own lines repeat the audit logger's (failures, lockouts) with the name masked.
        "axes": {"level": "ERROR"},
    },
}
