import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from comptes.acces import page_publique
from solidarites.context_processors import site
from solidarites.reponses import est_api, reponse_erreur


@page_publique
def accessibilite(request):
    return render(request, "pages/accessibilite.html", {"title": "Accessibilité"})


@page_publique
def mentions_legales(request):
    return render(request, "pages/mentions_legales.html", {"title": "Mentions légales"})


@page_publique
def donnees_personnelles(request):
    return render(request, "pages/donnees_personnelles.html", {"title": "Données personnelles"})


@page_publique
@never_cache  # never from the cache of public pages: it says what the database does now
def sante(request):
    """Probe for the operators and the load balancer: 200 when the database answers, a 503
    (not a 500) while it does not (restart, failover), so the proxy can wait or go elsewhere."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        reponse = JsonResponse(
            {"statut": "indisponible", "detail": "La base de données ne répond pas."}, status=503
        )
        reponse["Retry-After"] = str(REESSAYER_APRES)
        reponse["Cache-Control"] = "no-store"
        return reponse
    return JsonResponse({"statut": "ok"})


def page_introuvable(request, exception=None):
    if est_api(request):
        return reponse_erreur(request, 404, "Ressource introuvable.")
    return render(request, "pages/404.html", {"title": "Page introuvable"}, status=404)


def acces_refuse(request, exception=None):
    if est_api(request):
        return reponse_erreur(request, 403, "Accès refusé.")
    # The refusal says what it refuses (the gate's rule message), not a generic text.
    motif = str(exception) if exception is not None else ""
    return render(request, "pages/403.html", {"title": "Accès refusé", "motif": motif}, status=403)


def requete_invalide(request, exception=None):
    """400 (e.g. a body above DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, a bad host)."""
    return reponse_erreur(
        request,
        400,
        "La requête n'a pas pu être traitée.",
        champ="__all__",
        message="Le contenu envoyé est trop volumineux ou mal formé.",
    )


def echec_csrf(request, reason=""):
    """CSRF failure: said in French (JSON on the API), never the reason's English text."""
    return reponse_erreur(
        request,
        403,
        "Vérification de sécurité échouée (jeton CSRF absent ou invalide).",
        champ="__all__",
        message=(
            "Rechargez la page puis renvoyez le formulaire ; sur l'API, envoyez l'en-tête "
            "X-CSRFToken avec le jeton du cookie csrftoken."
        ),
    )


# The database cannot be reached (restarting, failover, network cut) or refuses to serve: the
# service is unavailable for a moment, it is not a bug. django.db wraps the driver's errors.
BASE_INDISPONIBLE = (OperationalError, InterfaceError)
REESSAYER_APRES = 30  # seconds, in the Retry-After header
INDISPONIBLE = (
    "Service momentanément indisponible : la base de données ne répond pas. "
    "Réessayez dans une minute."
)


def reponse_indisponible(request):
    """A French 503 that needs no database: JSON on the API; elsewhere the page is rendered
    without the request (no context processor reads the session or the account, which live in
    the database that is down)."""
    if est_api(request):
        reponse = JsonResponse({"detail": INDISPONIBLE}, status=503)
    else:
        page = render_to_string(
            "pages/503.html",
            {"title": "Service momentanément indisponible", **site(request)},
        )
        reponse = HttpResponse(page, status=503)
    reponse["Retry-After"] = str(REESSAYER_APRES)
    reponse["Cache-Control"] = "no-store"
    return reponse


def erreur_serveur(request):
    """handler500: called by Django while the uncaught exception is being handled."""
    if isinstance(sys.exc_info()[1], BASE_INDISPONIBLE):
        return reponse_indisponible(request)
    if est_api(request):
        return reponse_erreur(request, 500, "Erreur interne : l'équipe technique est prévenue.")
    return render(request, "pages/500.html", {"title": "Erreur"}, status=500)
