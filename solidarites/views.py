from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from comptes.acces import page_publique


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
    return render(request, "pages/404.html", {"title": "Page introuvable"}, status=404)


def acces_refuse(request, exception=None):
    return render(request, "pages/403.html", {"title": "Accès refusé"}, status=403)


def erreur_serveur(request):
    return render(request, "pages/500.html", {"title": "Erreur"}, status=500)
