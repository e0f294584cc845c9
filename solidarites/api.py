"""The JSON API, /api/v1/, described in OpenAPI at /api/v1/openapi.json and read at /api/v1/docs.

Each app declares its own `router` in `<app>/api.py`; this module only assembles them and
turns every error into a 4xx JSON in French: {"detail": "…", "erreurs": [{"champ", "message"}]}.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from solidarites.erreurs import ErreurChamps, messages_champs
from solidarites.schemas import ErreurApi

REPONSES_GENERIQUES = {
    "400": "Requête invalide (champ, caractère nul, corps mal formé) : champs en cause, en français.",
    "401": "Authentification requise (ou session expirée).",
    "403": "Accès refusé (rôle, ou jeton CSRF absent sur une écriture).",
    "404": "Ressource introuvable (ou non visible : même réponse).",
    "413": "Corps de la requête trop volumineux.",
}


class Encodeur(NinjaJSONEncoder):
    """Every date-time the API answers carries its offset, as `format: date-time` (RFC 3339)
    says: a naive one (an opening slot of the directory, computed in local time) is read in
    the platform's time zone (Europe/Paris)."""

    def default(self, o):
        if isinstance(o, dt.datetime) and timezone.is_naive(o):
            o = timezone.make_aware(o)
        return super().default(o)


class Rendu(JSONRenderer):
    encoder_class = Encodeur


class SolidaritesAPI(NinjaAPI):
    """Every operation's OpenAPI lists the errors the platform may answer before or around the
    view (gate, middleware), with their French JSON body: 400 and 413 everywhere, 401 and 403
    where the gate applies, 404 where the path names an object."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        publiques = set()
        for _prefix, router in self._routers:
            for vue in router.path_operations.values():
                for op in vue.operations:
                    if getattr(op.view_func, "acces_public", False):
                        publiques.add(self.get_openapi_operation_id(op))
        composants = schema.setdefault("components", {}).setdefault("schemas", {})
        erreur = ErreurApi.model_json_schema(ref_template="#/components/schemas/{model}")
        composants.update(erreur.pop("$defs", {}))
        composants["ErreurApi"] = erreur
        ref = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErreurApi"}}}
        }
        for chemin, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                # django-ninja keys the declared answers by int: as str, so that a generic
                # answer is not added twice (the JSON had two "400" keys, the last one winning).
                reponses = {str(c): r for c, r in operation.get("responses", {}).items()}
                operation["responses"] = reponses
                codes = ["400", "413"]
                if operation.get("operationId") not in publiques:
                    codes += ["401", "403"]
                if "{" in chemin:
                    codes.append("404")
                for code in codes:
                    reponses.setdefault(code, {"description": REPONSES_GENERIQUES[code], **ref})
        return schema


api = SolidaritesAPI(
    title="Solidarités — API",
    version="1",
    description=(
        "API publique et professionnelle de Solidarités : droits sociaux, annuaire des "
        "structures, bilan d'accès aux droits, premier accueil, dépistage du non-recours. "
        "Les erreurs sont renvoyées en JSON avec un code 4xx et la liste des champs en cause."
    ),
    urls_namespace="api",
    docs_url="/docs",
    renderer=Rendu(),
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


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc: PermissionDenied):
    """A rule refused (the same exception as on the pages): 403 with its French message."""
    return api.create_response(request, {"detail": str(exc) or "Accès refusé."}, status=403)


@api.exception_handler(RawPostDataException)
def corps_deja_lu(request, exc):
    """A JSON operation sent a form (multipart): the form was read before the JSON body could
    be (CSRF check, middleware). A 400 in French, never a 500."""
    message = "Cette opération attend un corps JSON (Content-Type: application/json)."
    return api.create_response(
        request,
        {"detail": message, "erreurs": [{"champ": "__all__", "message": message}]},
        status=400,
    )


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
