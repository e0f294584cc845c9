"""Orientations: orient a person to a structure of the directory (sharing only what the person
agreed to), read one, answer it (receiving structure) or send a proposed one (sender)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accueil import regles, selectors, services
from accueil.forms import FormulaireOrientation, FormulaireReponse, appliquer_erreurs
from accueil.perms import PARTIES, REFUS_CHANGEMENT, qui_repond
from accueil.regles import StatutOrientation as S
from comptes.acces import acteur, page
from comptes.audit import Action, journaliser
from comptes.permissions import est_agent
from solidarites.erreurs import ErreurChamps


def _besoin(request, p) -> str:
    """The need the suggestions are for: chosen on the page, else the first need of the
    person's latest contact that names one."""
    choisi = request.GET.get("besoin") or request.POST.get("besoin") or ""
    if choisi in regles.DOMAINES:
        return choisi
    for besoins in p.contacts.exclude(besoins=[]).values_list("besoins", flat=True)[:1]:
        return next((b for b in besoins if b in regles.DOMAINES), "")
    return ""


@page(est_agent)
def orienter(request, pk):
    p, _ = selectors.personne_pour(request, pk, ecriture=True)
    besoin = _besoin(request, p)
    suggerees, groupes = selectors.suggestions_orientation(acteur(request), p, besoin)
    form = FormulaireOrientation(
        request.POST or None,
        structures=selectors.structures_destination(acteur(request)),
        consentement=p.partage_autorise,
        initial={"elements_partages": p.partage_autorise},
    )
    choix = [("", "Choisissez une structure")]
    if suggerees:
        titre = f"Suggérées pour {p.commune_nom} — {regles.DOMAINES[besoin]}"
        choix.append((titre, [(s.pk, f"{s.nom} ({s.raison})") for s in suggerees]))
    choix += [(type_, [(s.pk, s.nom) for s in liste]) for type_, liste in groupes]
    form.fields["structure_destination"].choices = choix
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            o = services.orienter(
                request,
                p,
                structure_destination=c["structure_destination"],
                motif=c["motif"],
                elements_partages=c["elements_partages"],
                envoyer=request.POST.get("action") != "proposer",
                contact=p.contacts.first(),
            )
        except ErreurChamps as e:
            appliquer_erreurs(form, e)
        else:
            messages.success(
                request,
                f"Orientation vers {o.structure_destination.nom} "
                f"{'envoyée' if o.statut == S.ENVOYEE else 'enregistrée comme proposée'}.",
            )
            return redirect("accueil:personne", pk=p.pk)
    return render(
        request,
        "accueil/orienter.html",
        {
            "title": ("Erreur : " if form.errors else "") + "Orienter la personne",
            "form": form,
            "p": p,
            "besoin": besoin,
            "suggerees": suggerees,
            "DOMAINES": regles.DOMAINES,
        },
    )


@page(est_agent)
def orientation_detail(request, pk):
    a = acteur(request)
    o = selectors.orientation_pour(request, pk)
    journaliser(request, Action.CONSULTATION, "orientation", objet_id=o.pk, personne=o.personne)
    form = None
    if qui_repond(a, o.structure_origine_id, o.structure_destination_id) == "destination":
        decisions = regles.transitions_possibles(o.statut, "destination")
        if decisions:
            form = FormulaireReponse()
            form.fields["decision"].choices = [
                (v, lbl) for v, lbl in form.fields["decision"].choices if v in decisions
            ]
    # What the person's CURRENT consent shares (the orientation's parts follow it): phone and
    # e-mail with « coordonnées », the needs expressed in the contacts with « besoins ».
    parties = selectors.parties_pour(a, o.personne)
    besoins = []
    if "besoins" in parties:
        vus = {b for liste in o.personne.contacts.values_list("besoins", flat=True) for b in liste}
        besoins = [v for k, v in regles.DOMAINES.items() if k in vus]
    return render(
        request,
        "accueil/orientation_detail.html",
        {
            "title": f"Orientation n° {o.pk}",
            "o": o,
            "parties": parties,
            "besoins": besoins,
            "form": form,
            "origine": o.structure_origine_id == a.structure_id,
            "PARTIES": PARTIES,
            "DOMAINES": regles.DOMAINES,
        },
    )


@page(est_agent)
@require_POST
def orientation_repondre(request, pk):
    o = selectors.orientation_pour(request, pk)
    qui = qui_repond(acteur(request), o.structure_origine_id, o.structure_destination_id)
    if qui is None:
        journaliser(request, Action.REFUS, "orientation", objet_id=o.pk, personne=o.personne)
        raise PermissionDenied(REFUS_CHANGEMENT)
    form = FormulaireReponse(request.POST)
    if qui == "origine":
        form.fields["decision"].choices = [(S.ENVOYEE, "Envoyer")]
    if form.is_valid():
        c = form.cleaned_data
        try:
            services.changer_statut(
                request,
                o,
                c["decision"],
                qui=qui,
                motif_refus=c["motif_refus"],
                commentaire=c["commentaire"],
            )
        except ErreurChamps as e:
            for err in e.erreurs:
                messages.error(request, err["message"])
        else:
            messages.success(request, "Réponse enregistrée.")
    else:
        for champ, errs in form.errors.items():
            label = form.fields[champ].label if champ in form.fields else ""
            messages.error(request, f"{label} : {' '.join(errs)}")
    return redirect("accueil:orientation", pk=o.pk)
