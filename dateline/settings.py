"""Dateline settings, read from the environment (12-factor).

The embedded default needs no variables at all: SQLite in WAL mode, local-memory
cache and local media under ./data. Production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and friends.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

from dateline.base import onion
from dateline.base.headers import static_headers

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DATELINE_DATA_DIR", BASE_DIR.parent / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    """The demo keeps a generated key in its data folder; production must set one."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret-key.txt"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's onion service, e.g. http://<56 letters>.onion (deploy/tor/README.md):
# public pages name it in Onion-Location, and the site answers to it (its
# canonical and share links still name the public host).
DATELINE_ONION_URL = onion.address(os.environ.get("DATELINE_ONION_URL", ""))
if DATELINE_ONION_URL:
    ALLOWED_HOSTS.append(onion.host(DATELINE_ONION_URL))
    CSRF_TRUSTED_ORIGINS.append(DATELINE_ONION_URL)

INSTALLED_APPS = [
    "dateline.newsroom",
    "dateline.stories",
    "dateline.live",
    "dateline.syndication",
    "dateline.ingest",
    "dateline.comments",
    "dateline.caching",
    "dateline.search",
    "dateline.offline",
    # Readership without trackers: the beacon, Most read, the admin report.
    "dateline.readership",
    # The read API (issue 16): Wagtail's API v2 at /api/v2/, on Django REST framework.
    "dateline.api",
    "wagtail.api.v2",
    "rest_framework",
    "dateline.newsletters",
    # The story budget: the desk's plan, "Start" -> a draft, its dashboard panel.
    "dateline.budget",
    # The translation desk; before wagtail_localize, whose editor page it adds to.
    "dateline.translations",
    # The public site composes the apps above on its pages (ARCHITECTURE.md).
    "dateline.site",
    "dateline.lite",
    # Site layer: demo and benchmark data, which use every feature.
    "dateline.demo",
    # Not "wagtail.contrib.frontend_cache": its app only connects a purge of
    # each page on publish, inside the transaction, and makes redirects purge
    # on a move: a second and third batch besides dateline.caching's one list.
    # Its backends and purge functions work without it.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    # Translations are made and kept in step with their source by
    # wagtail-localize (docs/decisions/0008-translation-desk.md); its locales
    # app replaces wagtail.locales, and simple_translation's one-off copy is gone.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost, so a bare 304 gets no headers added after it.
    "dateline.caching.conditional.NotModifiedMiddleware",
    "dateline.caching.compress.CompressionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dateline.base.invalidation.ContentVersionMiddleware",
    "dateline.caching.page_cache.PageCacheMiddleware",
    # What each response shows, as surrogate keys: read once its policy is set.
    "dateline.caching.surrogate_keys.SurrogateKeysMiddleware",
    "dateline.site.middleware.PublicHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # /<language>/lite/<path> and Save-Data: the text-only twin of a page.
    "dateline.lite.middleware.LiteMiddleware",
    "dateline.site.middleware.LocaleMiddleware",
    "dateline.site.routing.EditionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "dateline.newsroom.converters.AdminIdsMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def database_settings(url: str, **options) -> dict:
    """A DATABASES entry for `url`, which may name several hosts, as libpq
    does: postgres://user@db1:5432,db2:5432/dateline?target_session_attrs=read-write.
    dj_database_url takes one host only; the lists go to libpq as they are,
    and it tries each host in turn until one suits target_session_attrs."""
    parts = urlsplit(url)
    user, at, hosts = parts.netloc.rpartition("@")
    if "," not in hosts:
        return dj_database_url.parse(url, **options)
    names, ports = [], []
    for entry in hosts.split(","):
        # [::1]:5432, host:5432 or a bare host (libpq's default port).
        name, colon, port = entry.rpartition(":") if not entry.endswith("]") else ("", "", "")
        name, port = (name, port) if colon else (entry, "")
        names.append(unquote(name.strip("[]")))
        ports.append(port)
    config = dj_database_url.parse(urlunsplit(parts._replace(netloc=f"{user}{at}db")), **options)
    config["HOST"] = ",".join(names)
    config["PORT"] = ",".join(ports) if any(ports) else ""
    return config


# SQLite by default, in WAL mode so readers never wait for the writer.
# Persistent connections are checked before each request reuses them: after a
# failover (`db promote`) a connection to the old primary would otherwise fail
# an editor's first request on every worker thread.
DATABASES = {
    "default": database_settings(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'dateline.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Each worker thread keeps its connection, as with PostgreSQL: opening one
    # (and running the PRAGMAs) cost 1.5 ms, as much as rendering an article.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache is shared by every worker process (files in the embedded
# default), so what one worker forgets on publish, all forget. Image renditions
# get their own cache so a card or an article renders without looking them up
# in the database; files too, so a new worker (or one restarted) finds the
# ones any worker made, and its first view after a publish stays in budget.
CACHES = {
    "default": {
        "BACKEND": "dateline.base.filecache.FileCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
    "renditions": {
        "BACKEND": "dateline.base.filecache.FileCache",
        "LOCATION": str(DATA_DIR / "cache-renditions"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
if REDIS_URL := os.environ.get("REDIS_URL"):
    # Production: one cache shared by every app server.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "dateline",
    }
    CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": "dateline-renditions"}

# Repeat views of public pages come from this cache (empty: off). Purges keep it
# in step with publishing, through the same list that purges Varnish.
DATELINE_PAGE_CACHE = os.environ.get("DATELINE_PAGE_CACHE", "default")
DATELINE_UNCACHED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/static/", "/media/")
WAGTAILFRONTENDCACHE = {}
if DATELINE_PAGE_CACHE:
    WAGTAILFRONTENDCACHE["embedded"] = {
        "BACKEND": "dateline.caching.backends.EmbeddedPageCacheBackend"
    }
if VARNISH_URL := os.environ.get("VARNISH_URL"):
    # Wagtail's PURGE per URL, and the batch's surrogate keys in one request.
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "dateline.caching.backends.VarnishBackend",
        "LOCATION": VARNISH_URL,
    }
# A CDN in front (deploy/README.md, "A CDN in front"): the same purge lists go to
# Wagtail's own Cloudflare and CloudFront backends. CloudFront takes its AWS
# credentials (and AWS_ENDPOINT_URL_CLOUDFRONT, if any) from boto3's environment.
if cloudflare_zone := os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": cloudflare_zone,
        "BEARER_TOKEN": os.environ.get("CLOUDFLARE_API_TOKEN", ""),
    }
if cloudfront_distribution := os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": cloudfront_distribution,
    }
# Purge lists already name each edition's URLs; don't multiply them per language.
WAGTAILFRONTENDCACHE_LANGUAGES = []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editions: every page belongs to a locale and URLs carry the language.
# The demo ships English; adding an edition is a Locale row in the admin.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("fa", _("Dari")),
    ("ps", _("Pashto")),
    ("ru", _("Russian")),
]
LANGUAGES_BIDI = ["ar", "fa", "ps", "he", "ur"]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The translation desk (dateline.translations): Translate makes a draft, never a
# live page of untranslated text, whatever the source's state; it is reviewed
# like any article.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# A machine-translation first pass, off unless named: a dotted class path, e.g.
# dateline.translations.machine.GlossaryTranslator (local; nothing leaves the
# machine). Any wagtail-localize translator class fits here.
if _machine := os.environ.get("DATELINE_MACHINE_TRANSLATOR"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": _machine, "OPTIONS": {}}
# Our own long date formats per language, ahead of Django's (dateline/base/formats).
FORMAT_MODULE_PATH = ["dateline.base.formats"]
# Editors choose the admin's language in their account settings.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("es", "Español"), ("ar", "العربية")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Embedded mode serves uploaded media itself; production serves it from nginx/S3.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}


def s3_storage(bucket: str, **options) -> dict:
    """An S3-compatible bucket (pip install "dateline[s3]"); credentials come
    from the usual AWS_* variables, the server from S3_ENDPOINT_URL."""
    options = {"bucket_name": bucket, "endpoint_url": os.environ.get("S3_ENDPOINT_URL"), **options}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Where readers' browsers fetch media from, when not from the site itself (the
# security headers allow it).
DATELINE_MEDIA_ORIGIN = ""
if S3_BUCKET := os.environ.get("S3_BUCKET"):
    # Object storage for uploads, served to readers from S3_CUSTOM_DOMAIN (a CDN
    # or the bucket's own public address: "host[:port][/path]").
    S3_URL_PROTOCOL = os.environ.get("S3_URL_PROTOCOL", "https:")
    STORAGES["default"] = s3_storage(
        S3_BUCKET,
        custom_domain=os.environ.get("S3_CUSTOM_DOMAIN"),
        url_protocol=S3_URL_PROTOCOL,
        file_overwrite=False,
    )
    SERVE_MEDIA = False
    if custom_domain := os.environ.get("S3_CUSTOM_DOMAIN"):
        DATELINE_MEDIA_ORIGIN = f"{S3_URL_PROTOCOL}//{custom_domain.split('/')[0]}"
WHITENOISE_MAX_AGE = 3600
# Hashed static files: a year, immutable, as renditions.
WHITENOISE_ADD_HEADERS_FUNCTION = static_headers

# Upload limits: refuse huge requests and decompression bombs.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_IMAGE_MODEL = "newsroom.Photo"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["mp3", "m4a", "ogg", "opus", "wav", "pdf"]
# Documents may be in restricted collections, so they have no public file URL:
# Wagtail's view checks the restriction, then nginx sends the file from an
# `internal` location (X-Accel-Redirect); the embedded server follows it itself.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "dateline.uploads.sendfile"
SENDFILE_URL = "/_protected/"

WAGTAIL_SITE_NAME = os.environ.get("DATELINE_SITE_NAME", "Dateline")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Wagtail's database backend, indexing each edition's pages in its language.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "dateline.search.backend"}}
WAGTAILEMBEDS_FINDERS = []  # embeds render as links: no third-party requests
TAGGIT_CASE_INSENSITIVE = True

# Security headers and cookies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG and env_bool("DATELINE_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Public pages are shared-cacheable; these are the defaults the headers use.
DATELINE_CACHE_SECONDS = int(os.environ.get("DATELINE_CACHE_SECONDS", "300"))
DATELINE_BROWSER_CACHE_SECONDS = int(os.environ.get("DATELINE_BROWSER_CACHE_SECONDS", "60"))
DATELINE_STALE_SECONDS = int(os.environ.get("DATELINE_STALE_SECONDS", "86400"))
DATELINE_MAX_RELATED = 6
DATELINE_PAGE_SIZE = 20
# The cache alias that keeps listings' counts and where each page ended (the
# next page starts there): the shared default; a mirror export gives its
# worker processes one they all share.
DATELINE_LISTING_CACHE = "default"
# Reader comments: at most this many posts per address per window (seconds).
DATELINE_COMMENT_RATE = (
    int(os.environ.get("DATELINE_COMMENT_RATE_COUNT", "5")),
    int(os.environ.get("DATELINE_COMMENT_RATE_SECONDS", "600")),
)
DATELINE_COMMENT_MAX_LENGTH = 2000
# How many proxies we run in front of the app append to X-Forwarded-For: 1 for
# Varnish alone, 2 for nginx (TLS) then Varnish; 0 (default) ignores the header.
# Only the entry the outermost of them added is believed (dateline.caching.proxy).
_proxies = os.environ.get("DATELINE_TRUST_X_FORWARDED_FOR", "").strip()
DATELINE_TRUST_X_FORWARDED_FOR = (
    int(_proxies) if _proxies.isdigit() else int(env_bool("DATELINE_TRUST_X_FORWARDED_FOR"))
)
DATELINE_SCHEDULER_INTERVAL = int(os.environ.get("DATELINE_SCHEDULER_INTERVAL", "30"))
# Readership (dateline.readership): each process writes the views it counted
# this often (with REDIS_URL, into Redis; the scheduler drains them), and an
# edition's Most read list is worked out at most this often.
DATELINE_READERSHIP_FLUSH_SECONDS = int(os.environ.get("DATELINE_READERSHIP_FLUSH_SECONDS", "10"))
DATELINE_MOST_READ_SECONDS = int(os.environ.get("DATELINE_MOST_READ_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Live channel (dateline.live). Streams on other origins (a CDN) must be listed
# here and in the public CSP's media-src and connect-src.
DATELINE_LIVE_STREAM_ORIGINS = env_list("DATELINE_LIVE_STREAM_ORIGINS")
# How long shared caches keep a live page and the on-air data behind the marker.
DATELINE_LIVE_CACHE_SECONDS = int(os.environ.get("DATELINE_LIVE_CACHE_SECONDS", "60"))
# Serve streams the packager writes into MEDIA_ROOT/live/ (off when a CDN serves them).
DATELINE_LIVE_SERVE_HLS = env_bool("DATELINE_LIVE_SERVE_HLS", True)
# The Ed25519 key that signs daily packs (`pack`): DATA_DIR/pack-signing-key.pem, made
# on first use, unless this names another file.
DATELINE_PACK_KEY = os.environ.get("DATELINE_PACK_KEY", "")

# --- Staff accounts and production safety (dateline.staff) -------------------
# Production is said, not guessed: DATELINE_ENV=production. Then `python -m
# dateline check` and `serve` refuse to run with DEBUG on, a generated secret
# key, no ALLOWED_HOSTS, DATELINE_HTTPS off or staff two-factor sign-in off.
DATELINE_PRODUCTION = os.environ.get("DATELINE_ENV", "").strip().lower() == "production"
DATELINE_SECRET_KEY_FROM_ENV = bool(os.environ.get("SECRET_KEY"))
DATELINE_ALLOWED_HOSTS_FROM_ENV = "ALLOWED_HOSTS" in os.environ
INSTALLED_APPS += ["dateline.staff", "django_otp", "django_otp.plugins.otp_totp"]
INSTALLED_APPS += ["django_otp.plugins.otp_static"]
# Second factor and session limits come right after the user is known.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "dateline.staff.middleware.SecondFactorMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "dateline.staff.middleware.StaffSessionMiddleware",
)
AUTHENTICATION_BACKENDS = ["dateline.staff.backends.UnlessLockedBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "dateline.staff.forms.StaffLoginForm"
# Editors, Administrators and superusers must use a second factor (TOTP app,
# or a recovery code). On by default in production; the demo leaves it off.
DATELINE_STAFF_REQUIRE_2FA = env_bool("DATELINE_STAFF_REQUIRE_2FA", DATELINE_PRODUCTION)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# After AFTER failed sign-ins for one (name, address), that pair pauses for
# SECONDS, twice as long after each further failure (dateline.staff.lockout).
DATELINE_LOGIN_BACKOFF = (
    int(os.environ.get("DATELINE_LOGIN_BACKOFF_AFTER", "5")),
    int(os.environ.get("DATELINE_LOGIN_BACKOFF_SECONDS", "60")),
)
# This many wrong passwords in a row, from anywhere, lock an account until an
# Administrator unlocks it, and its owner is emailed. The pauses hold one
# address to about 15 guesses a day, so 500 means a campaign from dozens of
# addresses: far fewer guesses than a 12-character password needs, yet a
# lock no one reaches by mistyping or by guessing from one place.
DATELINE_LOGIN_LOCK_AFTER = int(os.environ.get("DATELINE_LOGIN_LOCK_AFTER", "500"))
# And at most COUNT failed sign-ins per address per SECONDS, whatever the names.
DATELINE_LOGIN_RATE = (
    int(os.environ.get("DATELINE_LOGIN_RATE_COUNT", "50")),
    int(os.environ.get("DATELINE_LOGIN_RATE_SECONDS", "900")),
)
# A staff session ends after this long without a request, and this long after
# sign-in whatever happens.
DATELINE_STAFF_IDLE_SECONDS = int(os.environ.get("DATELINE_STAFF_IDLE_SECONDS", "3600"))
DATELINE_STAFF_MAX_SESSION_SECONDS = SESSION_COOKIE_AGE
# Wagtail's admin reads the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# Staff avatars are uploaded, never fetched from Gravatar: no third-party
# requests from the admin either.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Backups, upload checks and readers' privacy (issue 6).
INSTALLED_APPS += ["dateline.backups"]
# Comment IP addresses are kept this many days (rate limits and abuse reports),
# then the scheduler clears them.
DATELINE_COMMENT_IP_RETENTION_DAYS = int(os.environ.get("DATELINE_COMMENT_IP_RETENTION_DAYS", "30"))
INSTALLED_APPS += ["dateline.uploads"]
# Photos and audio are checked by what they contain, not by their names.
WAGTAILIMAGES_IMAGE_FORM_BASE = "dateline.uploads.forms.PhotoForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "dateline.uploads.forms.MediaFileForm"
DATELINE_DOCUMENT_MAX_UPLOAD_SIZE = int(
    os.environ.get("DATELINE_DOCUMENT_MAX_UPLOAD_SIZE", str(200 * 1024 * 1024))
)

# Failure behaviour (dateline.outages, dateline.caching.resilient): a Redis
# outage is a cache miss, not an error; a database outage answers a plain 503
# with Retry-After (the newsroom says the database is unavailable).
if REDIS_URL:
    for _alias in CACHES:
        CACHES[_alias]["BACKEND"] = "dateline.caching.resilient.ResilientRedisCache"
MIDDLEWARE.append("dateline.outages.middleware.DatabaseOutageMiddleware")
# A full disk during an upload leaves no half-written file (dateline.outages.storage).
if STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":
    STORAGES["default"]["BACKEND"] = "dateline.outages.storage.CleanFileSystemStorage"

# A streaming replica for public pages (dateline.replicas, issue 18): anonymous
# readers' GET and HEAD requests read from it; editors, every write, commands
# and the scheduler use the primary. Purges wait (at most WAIT seconds) until
# it has replayed the commit. `python -m dateline db status` and `db promote`.
INSTALLED_APPS += ["dateline.replicas"]
DATELINE_REPLICA_WAIT_SECONDS = float(os.environ.get("DATELINE_REPLICA_WAIT_SECONDS", "5"))
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **database_settings(DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True),
        # Tests read the default database through it: no second test database.
        "TEST": {"MIRROR": "default"},
    }
    # A replica out of reach is given up quickly: readers then use the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["dateline.replicas.routers.ReplicaRouter"]
    MIDDLEWARE.insert(0, "dateline.replicas.middleware.ReaderRequestMiddleware")

# Static mirrors and the static serving tier (dateline.mirror, issue 15).
# `python -m dateline mirror export` writes the whole public site as files;
# with a target here, every purge batch after a publish rewrites the files it
# names (at once, or by `mirror sync` with DATELINE_MIRROR_ON_PUBLISH=0). The
# target is a folder (nginx serves it: deploy/nginx/dateline-static.conf) or a
# storage alias in STORAGES (an S3-compatible bucket, e.g. "mirror").
INSTALLED_APPS += ["dateline.mirror"]
DATELINE_MIRROR_DIR = os.environ.get("DATELINE_MIRROR_DIR", "")
DATELINE_MIRROR_STORAGE = os.environ.get("DATELINE_MIRROR_STORAGE", "")
# Where the mirror is served; empty: the site's own address (the static tier).
DATELINE_MIRROR_BASE_URL = os.environ.get("DATELINE_MIRROR_BASE_URL", "")
DATELINE_MIRROR_ON_PUBLISH = env_bool("DATELINE_MIRROR_ON_PUBLISH", True)
# Rewrite in a thread after the commit, so the editor's publish returns at once.
DATELINE_MIRROR_IN_BACKGROUND = env_bool("DATELINE_MIRROR_IN_BACKGROUND", True)
DATELINE_MIRROR_JOURNAL = DATA_DIR / "mirror-pending.txt"
# Run after each rewrite, so the static tier's nginx drops the files it keeps
# open (open_file_cache): "nginx -s reload", or "sudo -n systemctl reload nginx"
# where the app runs as another user. Empty: files show within a second.
DATELINE_MIRROR_RELOAD_COMMAND = os.environ.get("DATELINE_MIRROR_RELOAD_COMMAND", "")
if _mirror_bucket := os.environ.get("DATELINE_MIRROR_S3_BUCKET"):
    STORAGES["mirror"] = s3_storage(
        _mirror_bucket, file_overwrite=True, default_acl="public-read", querystring_auth=False
    )
    DATELINE_MIRROR_STORAGE = DATELINE_MIRROR_STORAGE or "mirror"

# Breaking alerts by web push (dateline.alerts, issue 16). The VAPID private key
# is DATA_DIR/vapid-private.pem, made on first use, unless this names another
# file; `python -m dateline alerts keys` prints the public key.
INSTALLED_APPS += ["dateline.alerts"]
DATELINE_VAPID_KEY = os.environ.get("DATELINE_VAPID_KEY", "")
# Whom push services may contact about our pushes; default mailto:newsroom@<first
# allowed host>.
DATELINE_VAPID_SUBJECT = os.environ.get("DATELINE_VAPID_SUBJECT", "")
# At most COUNT subscribes or unsubscribes per address per SECONDS.
DATELINE_ALERTS_RATE = (
    int(os.environ.get("DATELINE_ALERTS_RATE_COUNT", "10")),
    int(os.environ.get("DATELINE_ALERTS_RATE_SECONDS", "600")),
)
# Send in a thread after the banner's commit, so the editor's save returns at once.
DATELINE_ALERTS_IN_BACKGROUND = env_bool("DATELINE_ALERTS_IN_BACKGROUND", True)
DATELINE_ALERTS_CONCURRENCY = int(os.environ.get("DATELINE_ALERTS_CONCURRENCY", "8"))
DATELINE_ALERTS_TIMEOUT = int(os.environ.get("DATELINE_ALERTS_TIMEOUT", "10"))
# Push endpoints on http://127.0.0.1 (a test's own push service): DEBUG only.
DATELINE_ALERTS_LOCAL_ENDPOINTS = env_bool("DATELINE_ALERTS_LOCAL_ENDPOINTS", DEBUG)
# The read API (dateline.api): JSON only (the browsable API would bring its own
# scripts and styles), rich text as display HTML with the pages' real URLs, at
# most 50 items a page, and a rate limit per client on what reaches the app
# (cached answers are served before it). A 429 says when to come back.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("DATELINE_API_RATE", "120/min")},
}
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Outside every edition's prefix: a 404 there is not redirected to /en/<path>.
DATELINE_UNPREFIXED_PATHS = ("/api/", "/mail-events/")
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_SEARCH_ENABLED = True
# Newsletters (dateline.newsletters, issue 16). Mail goes out through EMAIL_URL:
# smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465,
# with ?timeout=SECONDS; or through an email service by django-anymail:
# postmark://SERVER_TOKEN@, sendgrid://API_KEY@, mailgun://API_KEY@SENDING_DOMAIN.
# Without it, the embedded default writes each message as a file into
# DATA_DIR/mail, and nothing leaves the machine.
EMAIL_SERVICES = {
    # scheme: (anymail's backend module, the setting the URL's user part fills)
    "postmark": ("postmark", "POSTMARK_SERVER_TOKEN"),
    "sendgrid": ("sendgrid", "SENDGRID_API_KEY"),
    "mailgun": ("mailgun", "MAILGUN_API_KEY"),
}


def email_settings(url: str) -> dict:
    """Django's EMAIL_* settings (or anymail's) from EMAIL_URL."""
    parts = urlsplit(url)
    if parts.scheme in EMAIL_SERVICES:
        module, key = EMAIL_SERVICES[parts.scheme]
        if not parts.username:
            raise ValueError(f"EMAIL_URL {parts.scheme}:// needs the service's key before the @")
        service = {key: unquote(parts.username)}
        if parts.scheme == "mailgun" and parts.hostname:
            service["MAILGUN_SENDER_DOMAIN"] = parts.hostname
        return {
            "EMAIL_BACKEND": f"anymail.backends.{module}.EmailBackend",
            "ANYMAIL": service,
        }
    if parts.scheme not in ("smtp", "smtps"):
        services = ", ".join(f"{s}://" for s in EMAIL_SERVICES)
        raise ValueError(
            f"EMAIL_URL must start with smtp://, smtps:// or {services}, not {parts.scheme}://"
        )
    query = parse_qs(parts.query)
    secure = parts.scheme == "smtps"
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if secure else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": secure,
        "EMAIL_USE_TLS": not secure and (parts.port == 587 or "tls" in query),
        "EMAIL_TIMEOUT": int(query["timeout"][0]) if "timeout" in query else 30,
    }


ANYMAIL: dict = {}
if EMAIL_URL := os.environ.get("EMAIL_URL", ""):
    globals().update(email_settings(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
# The email service's bounce and complaint webhooks (/mail-events/<service>/tracking/)
# answer only when this is set, as USER:PASSWORD, the basic auth the service is
# given in the webhook's URL: https://USER:PASSWORD@news.example.org/mail-events/...
if _webhook_secret := os.environ.get("DATELINE_MAIL_WEBHOOK_SECRET", ""):
    ANYMAIL["WEBHOOK_SECRET"] = _webhook_secret
DEFAULT_FROM_EMAIL = os.environ.get("DATELINE_MAIL_FROM", "Dateline <newsletters@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The sender: at most RATE messages a second (0: no limit), BATCH rows claimed
# at a time; rows a sender claimed and left longer than CLAIM_TIMEOUT seconds
# (or whose process is gone) go back to the queue.
DATELINE_NEWSLETTER_RATE = float(os.environ.get("DATELINE_NEWSLETTER_RATE", "10"))
DATELINE_NEWSLETTER_BATCH = int(os.environ.get("DATELINE_NEWSLETTER_BATCH", "100"))
DATELINE_NEWSLETTER_CLAIM_TIMEOUT = int(os.environ.get("DATELINE_NEWSLETTER_CLAIM_TIMEOUT", "600"))
# Send in a thread, so an editor's request (a breaking alert) returns at once.
DATELINE_NEWSLETTER_IN_BACKGROUND = env_bool("DATELINE_NEWSLETTER_IN_BACKGROUND", True)
# Articles in a briefing or digest.
DATELINE_NEWSLETTER_ARTICLES = int(os.environ.get("DATELINE_NEWSLETTER_ARTICLES", "8"))
# Signups: at most this many per address per window (seconds), like comments.
DATELINE_SIGNUP_RATE = (
    int(os.environ.get("DATELINE_SIGNUP_RATE_COUNT", "5")),
    int(os.environ.get("DATELINE_SIGNUP_RATE_SECONDS", "600")),
)

# The wire (dateline.wire, issue 17): agency copy from a drop folder (taken in
# on each scheduler pass of `serve` when DATELINE_WIRE_DIR is set, or by
# `python -m dateline wire watch DIR`) and from agencies' pushes to /wire/push/.
INSTALLED_APPS += ["dateline.wire"]

# Several hosts on one machine, in network namespaces (dateline.cluster, issue
# 18): `python -m dateline cluster up --dir DIR` (as root).
INSTALLED_APPS += ["dateline.cluster"]
DATELINE_WIRE_DIR = os.environ.get("DATELINE_WIRE_DIR", "")
DATELINE_WIRE_MAX_BYTES = int(os.environ.get("DATELINE_WIRE_MAX_BYTES", str(2 * 1024 * 1024)))
# Items an agency may push, and failed tokens an address may send, per window.
DATELINE_WIRE_PUSH_RATE = (
    int(os.environ.get("DATELINE_WIRE_PUSH_RATE_COUNT", "120")),
    int(os.environ.get("DATELINE_WIRE_PUSH_RATE_SECONDS", "60")),
)
DATELINE_WIRE_AUTH_RATE = (
    int(os.environ.get("DATELINE_WIRE_AUTH_RATE_COUNT", "10")),
    int(os.environ.get("DATELINE_WIRE_AUTH_RATE_SECONDS", "600")),
)
