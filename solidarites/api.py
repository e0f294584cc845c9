"""The JSON API, /api/v1/, described in OpenAPI at /api/v1/openapi.json and read at /api/v1/docs.

Each app declares its own `router` in `<app>/api.py`; this module only assembles them and
turns every error into a 4xx JSON in French: {"detail": "…", "erreurs": [{"champ", "message"}]}.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from solidarites.erreurs import ErreurChamps, messages_champs

api = NinjaAPI(
    title="Solidarités — API",
    version="1",
    description=(
        "API publique et professionnelle de Solidarités : droits sociaux, annuaire des "
        "structures, bilan d'accès aux droits, premier accueil, dépistage du non-recours. "
        "Les erreurs sont renvoyées en JSON avec un code 4xx et la liste des champs en cause."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(
        request,
        {"detail": "Certains champs sont invalides.", "erreurs": messages_champs(exc.errors)},
        status=400,
    )


@api.exception_handler(ErreurChamps)
def erreur_champs(request, exc: ErreurChamps):
    return api.create_response(
        request, {"detail": "Certains champs sont invalides.", "erreurs": exc.erreurs}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Ressource introuvable."}, status=404)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc):
    return api.create_response(request, {"detail": "Authentification requise."}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if str(exc).startswith("Cannot parse request body"):
        # django-ninja's own message (malformed JSON), in English: said in French.
        message = "Le corps de la requête n'est pas un JSON valide."
        return api.create_response(
            request,
            {"detail": message, "erreurs": [{"champ": "__all__", "message": message}]},
            status=400,
        )
    if str(exc) == "CSRF check Failed":
        from solidarites.views import echec_csrf

        return echec_csrf(request)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def _register():
    from importlib import import_module

    for app, prefix in [
        ("territoires", "/"),
        ("droits", "/"),
        ("annuaire", "/"),
        ("bilan", "/"),
        ("accueil", "/"),
        ("depistage", "/"),
        ("aides_financieres", "/aides-financieres"),
        ("rsa", "/"),
        ("engagements", "/"),
        ("chiffres", "/"),
        ("conventions", "/"),
        ("participation", "/"),
    ]:
        module = import_module(f"{app}.api")
        api.add_router(prefix, module.router, tags=[getattr(module, "TAG", app)])


_register()
