from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from comptes.acces import page_publique
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
def sante(request):
    """Liveness probe for the operators: database reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
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


def erreur_serveur(request):
    if est_api(request):
        return reponse_erreur(request, 500, "Erreur interne : l'équipe technique est prévenue.")
    return render(request, "pages/500.html", {"title": "Erreur"}, status=500)
