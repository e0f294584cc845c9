"""Statistics of the structure's accueil (aggregates only, no personal data)."""

from __future__ import annotations

from django.shortcuts import render

from accueil import selectors
from comptes.acces import acteur, page
from comptes.permissions import peut_voir_statistiques


@page(peut_voir_statistiques)
def statistiques(request):
    contexte = selectors.statistiques(acteur(request))
    contexte.update(
        {"title": "Statistiques de l'accueil", "structure": request.user.membre.structure}
    )
    return render(request, "accueil/statistiques.html", contexte)
