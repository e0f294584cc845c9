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

# Two profiles: the embedded default (`make run`, tests: zero configuration) and
# SOLIDARITES_PROFIL=production (everything from the environment, refuses to start without a
# real secret key and allowed hosts). See docs/exploitation.md.
from solidarites import profil  # noqa: E402

PRODUCTION = profil.production()
DEBUG = os.environ.get("SOLIDARITES_DEBUG", "0") == "1" and not PRODUCTION
SECRET_KEY = profil.cle_secrete(VAR_DIR, debug=DEBUG, production=PRODUCTION)
ALLOWED_HOSTS = profil.liste(
    "SOLIDARITES_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost"
)
if PRODUCTION and not ALLOWED_HOSTS:
    profil.refuser("SOLIDARITES_ALLOWED_HOSTS (noms du site, séparés par des virgules)")
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
    "ninja",  # Swagger UI served from its own package's static files, not from a CDN
    "csp",
    "django_tasks",
    "django_tasks_db",
    "solidarites",
    "comptes",
    "territoires",
    "droits",
    "annuaire",
    "bilan",
    "accueil",
    "depistage",
    "aides_financieres",
    "rsa",
    "chiffres",
    "engagements",
    "conventions",
    "participation",
]

MIDDLEWARE = [
    "solidarites.middleware.AdresseClientMiddleware",
    "solidarites.televersement.TeleversementMiddleware",
    "solidarites.middleware.OctetNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "comptes.middleware.ActeurMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "solidarites.middleware.InactiviteMiddleware",
    "solidarites.middleware.NePasConserverMiddleware",
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
                "solidarites.context_processors.menu_agent",
            ],
        },
    },
    # The long tables of the agents' pages (solidarites/gabarits_rapides.py), under
    # <app>/jinja2/; every page is a Django template.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "solidarites.gabarits_rapides.environnement"},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("SOLIDARITES_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: after a database restart,
        # the next request reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Busy timeout (seconds) and immediate transactions: a writer waits for the lock
            # instead of failing with "database is locked" (WAL lets readers go on meanwhile).
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
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
    # ProConnect (OpenID Connect): inactive (returns None) unless configured, see below.
    "comptes.proconnect.BackendProConnect",
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
# Absolute lifetime of a session (a working day) and idle timeout (InactiviteMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SOLIDARITES_SESSION_DUREE", str(10 * 3600)))
SESSION_INACTIVITE = int(os.environ.get("SOLIDARITES_SESSION_INACTIVITE", str(30 * 60)))
SESSION_COOKIE_SECURE = profil.oui("SOLIDARITES_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "solidarites.views.echec_csrf"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS: redirect and HSTS (production: on by default; behind a reverse proxy that terminates
# TLS, SOLIDARITES_PROXY_HTTPS=1 trusts its X-Forwarded-Proto header).
SECURE_SSL_REDIRECT = profil.oui("SOLIDARITES_HTTPS_REDIRECTION", PRODUCTION)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SOLIDARITES_HSTS_SECONDES", "31536000" if PRODUCTION else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = profil.oui("SOLIDARITES_HSTS_SOUS_DOMAINES", PRODUCTION)
SECURE_HSTS_PRELOAD = profil.oui("SOLIDARITES_HSTS_PRELOAD", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]  # the local probe of the operators speaks plain HTTP
if profil.oui("SOLIDARITES_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of the reverse proxies whose X-Forwarded-For is believed (AdresseClientMiddleware):
# without it, every client would share the proxy's address (rate limits, audit trail).
PROXIES_DE_CONFIANCE = profil.liste("SOLIDARITES_PROXIES_DE_CONFIANCE", "")
# Bodies: a request body above this size is refused (413 / French message) before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("SOLIDARITES_CORPS_MAX", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Uploads (solidarites/televersement.py): a multipart body above this size is refused from its
# Content-Length before it is read, and stopped at this size while streaming; a page accepts
# only the extensions listed for its path, checked when a file's part begins. The reverse
# proxy's client_max_body_size should match (docs/exploitation.md).
TELEVERSEMENT_MAX = int(os.environ.get("SOLIDARITES_TELEVERSEMENT_MAX", str(60 * 1024 * 1024)))
TELEVERSEMENT_EXTENSIONS = {"/depistage/": (".csv", ".txt")}

# Content Security Policy (django-csp): every asset is served by the site itself, no inline
# script or style; the API docs (Swagger UI from django-ninja's static files) respect it too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Collected static files: under VAR_DIR by default; an image collects them once, at build time,
# outside its data volume (deploiement/Containerfile).
STATIC_ROOT = Path(os.environ.get("SOLIDARITES_STATIC_ROOT", VAR_DIR / "staticfiles"))
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
# ProConnect (OpenID Connect, mozilla-django-oidc): on when SOLIDARITES_PROCONNECT_CLIENT_ID,
# _CLIENT_SECRET and _ISSUER are set (endpoints derived from the issuer as ProConnect names
# them, each overridable). An account is matched by e-mail to an active account; otherwise an
# access request is recorded for an administrator (comptes/proconnect.py). docs/exploitation.md.
_PC_ISSUER = os.environ.get("SOLIDARITES_PROCONNECT_ISSUER", "").rstrip("/")


def _pc(nom: str, chemin: str) -> str:
    return os.environ.get(
        f"SOLIDARITES_PROCONNECT_{nom}", f"{_PC_ISSUER}{chemin}" if _PC_ISSUER else ""
    )


OIDC_RP_CLIENT_ID = os.environ.get("SOLIDARITES_PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("SOLIDARITES_PROCONNECT_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = _pc("AUTHORIZATION_ENDPOINT", "/authorize")
OIDC_OP_TOKEN_ENDPOINT = _pc("TOKEN_ENDPOINT", "/token")
OIDC_OP_USER_ENDPOINT = _pc("USERINFO_ENDPOINT", "/userinfo")
OIDC_OP_JWKS_ENDPOINT = _pc("JWKS_ENDPOINT", "/jwks")
OIDC_OP_LOGOUT_ENDPOINT = _pc("LOGOUT_ENDPOINT", "/session/end")
PROCONNECT_ACTIF = bool(OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET and OIDC_OP_TOKEN_ENDPOINT)
OIDC_RP_SIGN_ALGO = os.environ.get("SOLIDARITES_PROCONNECT_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get(
    "SOLIDARITES_PROCONNECT_SCOPES", "openid email given_name usual_name siret uid"
)
OIDC_CREATE_USER = False  # never an account created silently: an access request instead
OIDC_STORE_ID_TOKEN = True  # kept in the session: logout ends the ProConnect session too
OIDC_USE_NONCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "comptes:proconnect_retour"
LOGIN_REDIRECT_URL_FAILURE = "/comptes/connexion/"
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = SESSION_COOKIE_AGE
if PROCONNECT_ACTIF and OIDC_OP_LOGOUT_ENDPOINT:
    # Logout is a form (POST) that ends at ProConnect's end-session page: form-action allows it.
    from urllib.parse import urlsplit as _urlsplit

    _fin = _urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_fin.scheme}://{_fin.netloc}")
ACCUEIL_ORIENTATION_RELANCE_JOURS = int(os.environ.get("SOLIDARITES_RELANCE_JOURS", "8"))
ACCUEIL_ORIENTATION_EXPIRATION_JOURS = int(os.environ.get("SOLIDARITES_EXPIRATION_JOURS", "30"))
ACCUEIL_RETENTION_JOURS = int(os.environ.get("SOLIDARITES_RETENTION_JOURS", "730"))  # 2 years
ACCUEIL_DEMANDES_PAR_HEURE = int(os.environ.get("SOLIDARITES_DEMANDES_PAR_HEURE", "5"))
# Kept bilans per client address and hour; bilans sent by e-mail per address and hour and per
# recipient and day (public forms: no account, so a quota keeps them from being abused).
BILAN_CONSERVES_PAR_HEURE = int(os.environ.get("SOLIDARITES_BILANS_CONSERVES_PAR_HEURE", "10"))
BILAN_COURRIELS_PAR_HEURE = int(os.environ.get("SOLIDARITES_BILAN_COURRIELS_PAR_HEURE", "10"))
BILAN_COURRIELS_PAR_DESTINATAIRE = int(
    os.environ.get("SOLIDARITES_BILAN_COURRIELS_PAR_DESTINATAIRE", "3")
)
BILAN_CODES_ESSAIS_PAR_HEURE = int(os.environ.get("SOLIDARITES_BILAN_CODES_PAR_HEURE", "20"))

# --- production, jobs (issue 18) -------------------------------------------------------------
# Durable jobs (django-tasks, the backport of Django 6's tasks, with its database backend: the
# same database as the rest, SQLite or PostgreSQL; a worker runs them: `solidarites db_worker`).
# Tests set SOLIDARITES_TACHES_IMMEDIATES=1 to run them in the request (ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if profil.oui("SOLIDARITES_TACHES_IMMEDIATES", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "depistage", "envois"],
    }
}
# Public pages (anonymous, no cookie set, not marked no-store by NePasConserverMiddleware) are
# kept CACHE_MIDDLEWARE_SECONDS in the cache: 60 s in production, off by default (tests, make
# run: an edit shows at once).
CACHE_MIDDLEWARE_SECONDS = int(
    os.environ.get("SOLIDARITES_CACHE_PAGES_SECONDES", "60" if PRODUCTION else "0")
)
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
if CACHE_MIDDLEWARE_SECONDS > 0:
    from solidarites.cache_pages import avec_cache_des_pages

    MIDDLEWARE = avec_cache_des_pages(MIDDLEWARE)  # looked up first: see solidarites/cache_pages.py
# Cache of public pages: in memory per process by default; a directory shared by the processes
# of one machine with SOLIDARITES_CACHE_DOSSIER (see docs/exploitation.md).
_CACHE_DOSSIER = os.environ.get("SOLIDARITES_CACHE_DOSSIER", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _CACHE_DOSSIER,
        }
        if _CACHE_DOSSIER
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "solidarites"}
    )
}
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
