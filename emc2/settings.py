"""Settings for emc2. Every value comes from the environment (see .env.example)."""

import sys
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The fallback key only exists so a bare `make run` works; production sets SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me-" + "x" * 40)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Under pytest the production-only security redirects stay off (pytest imports before us).
TESTING = env.bool("EMC2_TESTING", default="pytest" in sys.modules)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "emc2",
    "papers",
    "program",
    "challenge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "emc2.middleware.SecurityHeadersMiddleware",
    "emc2.middleware.ApiInputGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "emc2.conditional.EarlyPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emc2.access.AccessCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "emc2.urls"
WSGI_APPLICATION = "emc2.wsgi.application"
ASGI_APPLICATION = "emc2.asgi.application"

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
                "emc2.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails fast instead of after the kernel's TCP timeout (/healthz).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # Keep a connection for a minute instead of opening one per request (a cached public page
    # otherwise spends most of its time on the connection); checked before each reuse.
    # Tests keep Django's default (0): threads of live servers must not hold the test database.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int(
        "DATABASE_CONN_MAX_AGE", default=0 if TESTING else 60
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "emc2.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing is not what the tests test; the fast hasher keeps factories cheap.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, and it must be verified before the account is usable.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EMC2] "
# Failed sign-ins: 5 per 5 minutes per client address and per account (the e-mail typed).
# The admin's login redirects here, so the same limit guards it.
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the N-th address
# from the right. 0 (no proxy) uses REMOTE_ADDR; never set more than the proxies you run, or
# clients can pick their own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))


def media_s3_options(url: str, bucket: str = "") -> dict | None:
    """Options of emc2.storage.MediaS3Storage from ``MEDIA_STORAGE_URL``
    (``s3://<bucket>[/<prefix>]?endpoint_url=...&region=...&public_url=...``) or the
    ``MEDIA_S3_*`` variables (which win where both are set). None: media stay on local disk."""
    from urllib.parse import parse_qs, urlsplit

    query: dict = {}
    prefix = ""
    if url:
        parts = urlsplit(url)
        if parts.scheme != "s3" or not parts.netloc:
            raise ValueError("MEDIA_STORAGE_URL must look like s3://<bucket>[/<prefix>]?...")
        bucket = bucket or parts.netloc
        prefix = parts.path.strip("/")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if not bucket:
        return None
    return {
        "bucket_name": bucket,
        "location": env("MEDIA_S3_PREFIX", default=prefix),
        "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default=query.get("endpoint_url")) or None,
        "region_name": env("MEDIA_S3_REGION", default=query.get("region")) or None,
        # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (boto3's own variables).
        "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
        "public_url": env("MEDIA_S3_PUBLIC_URL", default=query.get("public_url", "")),
        # Uploads never overwrite each other, as on local disk; objects stay private.
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": env.int("MEDIA_S3_URL_SECONDS", default=300),
        "addressing_style": env("MEDIA_S3_ADDRESSING", default=query.get("addressing", "path")),
        "signature_version": "s3v4",
    }


_MEDIA_S3 = media_s3_options(
    env("MEDIA_STORAGE_URL", default=""), env("MEDIA_S3_BUCKET", default="")
)
if _MEDIA_S3:
    STORAGES["default"] = {"BACKEND": "emc2.storage.MediaS3Storage", "OPTIONS": _MEDIA_S3}

# Mail: console while developing, locmem under tests (pytest-django sets it), SMTP in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Base of links in e-mails (no trailing slash).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="EMC2 Workshop <noreply@emc2.local>")

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Seconds /healthz waits for each of database, cache and broker before calling it down.
HEALTHZ_TIMEOUT = env.float("HEALTHZ_TIMEOUT", default=3.0)

# Celery: no broker means eager, in-process tasks (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged when it finished, and given back to the broker when its worker dies
# (kill -9, OOM): a long run resumes elsewhere. Redis redelivers an unacknowledged task after
# the visibility timeout, so it must exceed the longest task, yet stay short enough that a
# dead worker's tasks come back within minutes.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # A prefork worker looks for expired unacknowledged tasks only every interval x throttle
    # seconds (kombu's default: 10 x 10 s). Sweep every 10 s (or the timeout, if shorter), so a
    # dead worker's tasks come back soon after the visibility timeout, not minutes later.
    "unacked_restore_interval": min(10, _VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1,
}
# Outbox mails left in "sending" (or "queued") longer than this many seconds are queued again
# by the beat job below (see emc2/mail.py).
MAIL_STUCK_AFTER = env.int("MAIL_STUCK_AFTER", default=600)
CELERY_BEAT_SCHEDULE = {
    "mail-requeue-stale": {"task": "emc2.mail_requeue_stale", "schedule": 60.0},
    # Evaluator leases that ran out go back to the queue (a claim does it too).
    "challenge-leases-expire": {"task": "challenge.leases_expire", "schedule": 60.0},
}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

REST_FRAMEWORK = {
    # The token class comes first: its WWW-Authenticate header turns "not signed in" into a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "emc2.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "emc2.api.exception_handler",
    "DEFAULT_METADATA_CLASS": "emc2.api_metadata.ApiMetadata",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": [
        "emc2.api_throttle.ApiUserThrottle",
        "emc2.api_throttle.ApiClientThrottle",
    ],
}
# API requests per signed-in user (session or token) and per client address (as the sign-in
# limits see it, ALLAUTH_TRUSTED_PROXY_COUNT). Counters live in CACHE_URL's cache: share it.
API_THROTTLE_RATES = {
    "user": env("API_THROTTLE_USER", default="600/min"),
    "client": env("API_THROTTLE_CLIENT", default="1200/min"),
}
if TESTING:
    # The suite sends its API requests from one address; the throttle tests set their rates.
    API_THROTTLE_RATES = {"user": None, "client": None}
SPECTACULAR_SETTINGS = {
    "TITLE": "emc2 API",
    "DESCRIPTION": "Papers, review, program and challenge of the EMC2 workshop series.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc come from drf-spectacular-sidecar, served as our own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "emc2.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RoleKindEnum": "emc2.enums.RoleKind",
        "ConflictTypeEnum": "papers.enums.ConflictType.choices",
        "DeclarableConflictTypeEnum": "papers.enums.DECLARABLE_CONFLICTS",
        "ConflictSourceEnum": "papers.enums.ConflictSource.choices",
    },
}

# Security: safe when DEBUG is off (manage.py check --deploy stays quiet with real values).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# The proxy's health probe may speak plain HTTP to the app server.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# emc2.middleware.SecurityHeadersMiddleware sends these. No inline script or handler anywhere:
# page scripts live in static/js.
CONTENT_SECURITY_POLICY = {
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
# Swagger UI and Redoc set inline styles and Redoc runs its search in a blob: worker.
CONTENT_SECURITY_POLICY_API_DOCS = {
    "style-src": ["'self'", "'unsafe-inline'"],
    "worker-src": ["'self'", "blob:"],
}
CONTENT_SECURITY_POLICY_API_DOCS_PATHS = ["/api/docs/", "/api/redoc/"]
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

FORMS_URLFIELD_ASSUME_HTTPS = True
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Mail domains shared by unrelated people, and the reserved example domains: a shared one is no
# sign of a shared institution (papers' automatic conflicts, the double-blind author scan).
PUBLIC_MAIL_DOMAINS = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.co.jp",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "sina.com",
    "naver.com",
    "example.com",
    "example.org",
    "example.net",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "emc2.log.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint logs every page it lays out at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden_one_line"]},
    },
}
