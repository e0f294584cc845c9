"""Follow-up of the rights identified for a person (à demander, demandé, obtenu, refusé) and the
« appel sans réponse » action (an online request or a planned follow-up called with no answer:
a retry date, which the queue shows as due that day)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accueil import selectors, services
from accueil.forms import FormulaireAjoutDroit, FormulaireAppel, FormulaireSuiviDroit
from comptes.acces import page
from comptes.permissions import est_agent
from solidarites.erreurs import ErreurChamps


@page(est_agent)
@require_POST
def droit_suivi(request, pk):
    suivi = selectors.suivi_droit_pour(request, pk)
    form = FormulaireSuiviDroit(request.POST)
    if form.is_valid():
        services.changer_suivi_droit(request, suivi, form.cleaned_data["statut"])
        messages.success(request, f"{suivi.libelle} : {suivi.get_statut_display().lower()}.")
    else:
        messages.error(request, " ".join(form.errors["statut"]))
    return redirect(f"/accueil/personnes/{suivi.personne_id}/#suivi-droits")


@page(est_agent)
@require_POST
def droit_ajouter(request, pk):
    p, _ = selectors.personne_pour(request, pk, ecriture=True)
    form = FormulaireAjoutDroit(request.POST)
    if form.is_valid():
        try:
            services.ajouter_suivi_droit(request, p, form.cleaned_data["droit"], form.libelle())
            messages.success(request, f"{form.libelle()} : ajouté au suivi.")
        except ErreurChamps as e:
            messages.error(request, e.erreurs[0]["message"])
    else:
        messages.error(request, " ".join(form.errors["droit"]))
    return redirect(f"/accueil/personnes/{p.pk}/#suivi-droits")


def _appel(request, objet, personne_nom: str, retour: str, contexte: dict):
    demain = timezone.localdate() + timedelta(days=1)
    form = FormulaireAppel(request.POST or None, initial={"rappeler_le": demain})
    if request.method == "POST" and form.is_valid():
        services.appel_sans_reponse(request, objet, form.cleaned_data["rappeler_le"])
        messages.success(
            request,
            f"Appel sans réponse noté : à rappeler le {form.cleaned_data['rappeler_le']:%d/%m/%Y}.",
        )
        return redirect(retour)
    return render(
        request,
        "accueil/appel_sans_reponse.html",
        {
            "title": ("Erreur : " if form.errors else "") + f"Appel sans réponse — {personne_nom}",
            "form": form,
            "objet": objet,
            "retour": retour,
            **contexte,
        },
    )


@page(est_agent)
def appel_demande(request, pk):
    d = selectors.demande_pour(request, pk)
    nom = f"demande {d.reference}"
    return _appel(request, d, nom, "/accueil/#nouvelles-demandes", {"demande": d})


@page(est_agent)
def appel_contact(request, pk):
    c, p, _, _ = selectors.contact_pour(request, pk, ecriture=True)
    return _appel(request, c, f"dossier {p.reference}", "/accueil/#suivis", {"contact": c, "p": p})
