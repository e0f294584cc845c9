"""The structure's queue (online requests, orientations to answer, follow-ups) and the online
requests on the agents' side."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accueil import regles, selectors, services
from accueil.models import nom_commune
from comptes.acces import acteur, page
from comptes.audit import Action, journaliser
from comptes.permissions import est_agent, est_membre, peut_voir_statistiques
from solidarites.gabarits_rapides import tableaux


@page(est_membre)
def tableau(request):
    """The queue for agents. Any other member lands here after login: sent to the statistics
    when their role may read them, else to their account page, which lists the pages the gate
    lets them open (never a redirect to a 403)."""
    a = acteur(request)
    if not a.est_agent:
        return redirect(
            "accueil:statistiques" if peut_voir_statistiques(a) else "comptes:mon_compte"
        )
    contexte = selectors.donnees_file(a, request.GET.get("filtre") == "aujourdhui")
    contexte.update(selectors.pages_de_la_file(contexte, request.GET))
    journaliser(request, Action.LISTE, "file")
    # A section's page links keep the filter and the other sections' page numbers.
    parametres = {}
    for cle in selectors.SECTIONS_FILE:
        autres = request.GET.copy()
        autres.pop(cle, None)
        parametres[cle] = autres.urlencode()
    # The four tables in Jinja2 (a tenth of the time of Django's templates for 100 rows).
    macros = tableaux(
        "accueil/file_tableaux.html",
        aujourdhui=contexte["aujourdhui"],
        filtre_aujourdhui=contexte["filtre_aujourdhui"],
        statuts=regles.STATUTS,
        commune=nom_commune,
        besoins=regles.libelles_besoins,
    )
    contexte.update(
        {
            "tableaux": {
                cle: getattr(macros, cle)(contexte[cle]) for cle in selectors.SECTIONS_FILE
            },
            "title": "File d'attente de ma structure",
            "structure_nom": a.structure_nom,
            "parametres": parametres,
        }
    )
    return render(request, "accueil/file.html", contexte)


tableau.regle_menu = est_agent  # in the menu, the queue is for agents only


@page(est_agent)
def demande_detail(request, pk):
    d = selectors.demande_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "demande", objet_id=d.pk, personne=d.personne)
    candidats = []
    if d.nom:
        candidats = services.doublons(acteur(request), d.nom, d.prenom, None, d.telephone)
    contexte = {
        "title": f"Demande {d.reference}",
        "d": d,
        "candidats": candidats,
        "besoins": d.besoins_libelles,
    }
    # The bilan the person attached: read here without retyping, its opening audited.
    contexte.update(selectors.bilan_de_la_demande(d))
    if conserve := contexte.get("conserve"):
        journaliser(
            request, Action.CONSULTATION, "bilan", objet_id=conserve.pk, personne=d.personne
        )
    return render(request, "accueil/demande_detail.html", contexte)


@page(est_agent)
@require_POST
def demande_clore(request, pk):
    d = selectors.demande_pour(request, pk)
    if services.clore_demande(request, d):
        messages.success(request, f"Demande {d.reference} close sans suite.")
    return redirect("accueil:file")
