"""Pages des engagements : publiques (par département, par engagement) et modification du
statut par la direction du pilotage du département."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from comptes.acces import objet_ou_refus, page, page_publique
from comptes.audit import journaliser
from engagements import perms, regles, selectors, services
from engagements.forms import FormulaireEngagement, FormulaireStatut
from engagements.models import Engagement, Schema
from solidarites.erreurs import ErreurChamps, appliquer_erreurs


def _departement(code: str) -> str:
    if code not in settings.DEPARTEMENTS:
        raise Http404
    return settings.DEPARTEMENTS[code]


@page_publique
def index(request):
    return render(
        request,
        "engagements/index.html",
        {
            "title": "Les engagements des départements",
            "departements": [
                (code, nom, selectors.page_departement(code)["decompte"])
                for code, nom in settings.DEPARTEMENTS.items()
            ],
        },
    )


@page_publique
def departement(request, code):
    nom = _departement(code)
    contexte = selectors.page_departement(code)
    contexte.update(
        {
            "title": f"Schéma et engagements — {nom}",
            "code": code,
            "nom": nom,
            "peut_piloter": perms.peut_piloter(request.acteur, code),
        }
    )
    return render(request, "engagements/departement.html", contexte)


@page_publique
def detail(request, pk):
    e = (
        Engagement.objects.select_related("schema")
        .prefetch_related("changements", "indicateurs")
        .filter(pk=pk)
        .first()
    )
    if e is None:
        raise Http404
    code = e.schema.departement_id
    return render(
        request,
        "engagements/detail.html",
        {
            "title": f"Engagement n°{e.numero} — {e.schema.titre}",
            "e": e,
            "nom": settings.DEPARTEMENTS.get(code, code),
            "indicateurs": [(i, selectors.valeur_indicateur(i, code)) for i in e.indicateurs.all()],
            "peut_piloter": perms.peut_piloter(request.acteur, code),
        },
    )


@page(perms.peut_piloter)
def changer_statut(request, pk):
    e = objet_ou_refus(
        request,
        Engagement.objects.filter(schema__departement_id=request.acteur.departement),
        pk,
        objet="engagement",
    )
    form = FormulaireStatut(
        request.POST or None,
        initial={"statut": e.statut, "date": timezone.localdate(), "version": e.version},
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            services.changer_statut(
                e,
                nouveau=c["statut"],
                date=c["date"],
                preuve=c["preuve"],
                lien_preuve=c["lien_preuve"],
                auteur=request.user,
                version=c["version"],
            )
        except ErreurChamps as exc:
            appliquer_erreurs(form, exc)
        else:
            journaliser(request, "modification", "engagement", objet_id=e.pk)
            messages.success(
                request,
                f"Statut de l'engagement n°{e.numero} : {regles.STATUTS[e.statut].lower()}.",
            )
            return redirect("engagements:departement", code=e.schema.departement_id)
    return render(
        request,
        "engagements/statut.html",
        {"title": f"Changer le statut de l'engagement n°{e.numero}", "e": e, "form": form},
    )


def _formulaire_engagement(request, e: Engagement | None):
    code = request.acteur.departement
    schemas = Schema.objects.filter(departement_id=code)
    initial = {}
    if e is not None:
        initial = {
            "schema": e.schema,
            "titre": e.titre,
            "description": e.description,
            "porteur": e.porteur,
            "echeance": e.echeance,
        }
    form = FormulaireEngagement(request.POST or None, schemas=schemas, initial=initial)
    if e is not None:
        form.fields["schema"].disabled = True
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        cree = e is None
        e = services.enregistrer_engagement(
            e,
            schema=d["schema"] if cree else e.schema,
            titre=d["titre"],
            description=d["description"],
            porteur=d["porteur"],
            echeance=d["echeance"],
            auteur=request.user,
        )
        journaliser(request, "creation" if cree else "modification", "engagement", objet_id=e.pk)
        messages.success(request, f"Engagement n°{e.numero} {'créé' if cree else 'modifié'}.")
        return redirect("engagements:detail", pk=e.pk)
    return render(
        request,
        "engagements/formulaire.html",
        {
            "title": "Nouvel engagement" if e is None else f"Modifier l'engagement n°{e.numero}",
            "form": form,
            "e": e,
        },
        status=400 if request.method == "POST" else 200,
    )


@page(perms.peut_piloter)
def nouveau(request):
    return _formulaire_engagement(request, None)


@page(perms.peut_piloter)
def modifier(request, pk):
    e = objet_ou_refus(
        request,
        Engagement.objects.filter(schema__departement_id=request.acteur.departement),
        pk,
        objet="engagement",
    )
    return _formulaire_engagement(request, e)
