"""Réglages Django de Solidarités.

Tout ce qui change d'une installation à l'autre vient de l'environnement :
- DATABASE_URL : PostgreSQL si défini (postgres://…), SQLite sinon (var/db.sqlite3) ;
- SOLIDARITES_SECRET_KEY, SOLIDARITES_DEBUG, SOLIDARITES_ALLOWED_HOSTS ;
- SOLIDARITES_DEPARTEMENTS : départements servis (par défaut 77, 94 et 71).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
CONTENT_DIR = Path(os.environ.get("SOLIDARITES_CONTENT_DIR", BASE_DIR / "content"))
VAR_DIR = Path(os.environ.get("SOLIDARITES_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get(
    "SOLIDARITES_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = os.environ.get("SOLIDARITES_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("SOLIDARITES_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("SOLIDARITES_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# Départements served by this installation (codes INSEE).
DEPARTEMENTS = {
    "77": "Seine-et-Marne",
    "94": "Val-de-Marne",
    "71": "Saône-et-Loire",
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "dsfr",
    "widget_tweaks",
    "simple_history",
    "axes",
    "django_filters",
    "solidarites",
    "comptes",
    "territoires",
    "droits",
    "annuaire",
    "bilan",
    "accueil",
    "depistage",
    "aides_financieres",
    "chiffres",
    "engagements",
    "conventions",
    "participation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "solidarites.urls"
WSGI_APPLICATION = "solidarites.wsgi.application"

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
                "solidarites.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("SOLIDARITES_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: Argon2 first; strong validators; lockout after repeated failures (django-axes).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Room for ProConnect (OpenID Connect) later: add its backend here.
]
AXES_FAILURE_LIMIT = int(os.environ.get("SOLIDARITES_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
LOGIN_URL = "/comptes/connexion/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = os.environ.get("SOLIDARITES_SECURE_COOKIES", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
# Pièces justificatives des demandes d'aide financière : hors de la racine web, servies
# seulement par l'application après contrôle d'accès.
AIDES_FINANCIERES_PIECES_DIR = Path(
    os.environ.get("SOLIDARITES_PIECES_DIR", VAR_DIR / "pieces-aides")
)

# Logs never carry personal data: only technical events, no request bodies or parameters.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "solidarites": {"level": "INFO"},
        # django.request would log URLs with query strings (a search may carry personal words).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- comptes & accueil (issue 5): accounts, audit, premier accueil --------------------------
# Lockout page in French (django-axes renders it with HTTP 429).
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_VERBOSE = False  # axes would log usernames and IPs of failed logins: the database keeps them
# ProConnect (OpenID Connect) later: add e.g. mozilla-django-oidc's backend to
# AUTHENTICATION_BACKENDS and its OIDC_* settings from the environment; an account is then
# matched by e-mail to a user that has a comptes.Membre (structure + role). See docs/modules/comptes.md.
ACCUEIL_ORIENTATION_RELANCE_JOURS = int(os.environ.get("SOLIDARITES_RELANCE_JOURS", "8"))
ACCUEIL_ORIENTATION_EXPIRATION_JOURS = int(os.environ.get("SOLIDARITES_EXPIRATION_JOURS", "30"))
ACCUEIL_RETENTION_JOURS = int(os.environ.get("SOLIDARITES_RETENTION_JOURS", "730"))  # 2 years
ACCUEIL_DEMANDES_PAR_HEURE = int(os.environ.get("SOLIDARITES_DEMANDES_PAR_HEURE", "5"))

# --- Outward messages (solidarites/envois.py): never a network call unless configured ---------
SOLIDARITES_ENVOIS_DIR = Path(os.environ.get("SOLIDARITES_ENVOIS_DIR", VAR_DIR / "envois"))
EMAIL_BACKEND = os.environ.get(
    "SOLIDARITES_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = SOLIDARITES_ENVOIS_DIR / "courriels"
DEFAULT_FROM_EMAIL = os.environ.get(
    "SOLIDARITES_EXPEDITEUR", "Solidarités <ne-pas-repondre@solidarites.invalid>"
)
SOLIDARITES_SMS_BACKEND = os.environ.get("SOLIDARITES_SMS_BACKEND", "solidarites.envois.FichierSMS")
