"""Request-level protections shared by every page and the API (issue 18).

- AdresseClientMiddleware: the client's address behind a trusted reverse proxy.
- OctetNulMiddleware: a NUL byte anywhere in the request is refused with a French 400
  (PostgreSQL cannot store one: it used to end in a 500).
- InactiviteMiddleware: a logged-in session ends after SESSION_INACTIVITE seconds idle.
- NePasConserverMiddleware: `Cache-Control: no-store` on the API and every page that may carry
  personal data (logged-in agent, or a session in use, e.g. a bilan's answers).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control

from solidarites.reponses import est_api, reponse_erreur

NUL_JSON = (b"\\u0000", b"\\U0000")


def _adresse_client(remote: str, transmis: str, proxies: set[str]) -> str:
    """The right-most address of X-Forwarded-For that is not one of our proxies."""
    if remote not in proxies or not transmis:
        return remote
    for adresse in reversed([a.strip() for a in transmis.split(",") if a.strip()]):
        if adresse not in proxies:
            return adresse
    return remote


class AdresseClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        proxies = set(getattr(settings, "PROXIES_DE_CONFIANCE", ()) or ())
        if proxies:
            meta = request.META
            meta["REMOTE_ADDR"] = _adresse_client(
                meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), proxies
            )
        return self.get_response(request)


def _contient_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    for cle, valeurs in request.GET.lists():
        if "\x00" in cle or any("\x00" in v for v in valeurs):
            return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    type_ = request.content_type or ""
    if type_.startswith("multipart/"):
        # Files are checked by their own readers; fields here (parsing is bounded by settings).
        return any(
            "\x00" in cle or any("\x00" in v for v in valeurs)
            for cle, valeurs in request.POST.lists()
        )
    corps = request.body  # bounded by DATA_UPLOAD_MAX_MEMORY_SIZE
    if b"\x00" in corps:
        return True
    if type_ == "application/x-www-form-urlencoded":
        return b"%00" in corps
    if "json" in type_:
        return any(n in corps for n in NUL_JSON)
    return False


class OctetNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            nul = _contient_nul(request)
        except RequestDataTooBig:
            return reponse_erreur(
                request,
                413,
                "La requête est trop volumineuse.",
                champ="__all__",
                message=(
                    f"Le contenu envoyé dépasse {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024} Kio."
                ),
            )
        if nul:
            return reponse_erreur(
                request,
                400,
                "La requête contient un caractère invalide.",
                champ="__all__",
                message="Un caractère nul (code 0) n'est accepté dans aucun champ.",
            )
        return self.get_response(request)


class InactiviteMiddleware:
    """Logs out a session idle for more than SESSION_INACTIVITE seconds. The time of the last
    activity is written at most once a minute (no database write on every request)."""

    CLE = "_derniere_activite"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            maintenant = int(time.time())
            derniere = request.session.get(self.CLE)
            delai = int(getattr(settings, "SESSION_INACTIVITE", 1800))
            if derniere is not None and maintenant - int(derniere) > delai:
                logout(request)
                if est_api(request):
                    return reponse_erreur(request, 401, "Session expirée : reconnectez-vous.")
                return redirect(f"{settings.LOGIN_URL}?expiree=1&next={request.path}")
            if derniere is None or maintenant - int(derniere) >= 60:
                request.session[self.CLE] = maintenant
        return self.get_response(request)


class NePasConserverMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        personnel = (
            est_api(request)
            or (user is not None and user.is_authenticated)
            or (session is not None and session.accessed and not session.is_empty())
        )
        if personnel:
            patch_cache_control(response, no_store=True, private=True)
            if "max-age" in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store, private"
        return response
