"""The public questionnaire (/bilan/), its results and the keeping of a result on request."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from bilan.moteur import Situation
from bilan.questionnaire import (
    PAR_NOM,
    etapes_utiles,
    formulaire,
    total_connu,
    valeurs_soumises,
    valider,
)
from bilan.regroupement import evaluer_regroupe
from bilan.services import QuotaAtteint, conserver_bilan
from bilan.vues_restitution import afficher
from comptes.acces import page_publique
from solidarites.erreurs import messages_champs

CLE = "bilan_reponses"


def _reponses(request) -> dict:
    return request.session.get(CLE, {})


@page_publique
def accueil(request):
    return render(
        request,
        "bilan/accueil.html",
        {"title": "Faire un bilan de mes droits", "commence": bool(_reponses(request))},
    )


@page_publique
@require_POST
def recommencer(request):
    request.session.pop(CLE, None)
    request.session.pop("bilan_resultat", None)
    return redirect("bilan:etape", nom="commune")


@page_publique
def etape(request, nom: str):
    if nom not in PAR_NOM:
        raise Http404
    reponses = dict(_reponses(request))
    utiles = etapes_utiles(reponses)
    noms = [e.nom for e in utiles]
    if nom not in noms:  # a step that no longer applies (e.g. no children any more)
        return redirect("bilan:etape", nom=noms[0])
    e = PAR_NOM[nom]
    rang = noms.index(nom)
    if request.method == "POST":
        form = formulaire(e, reponses, data=request.POST)
        reponses.update(valeurs_soumises(form))
        valide = form.is_valid()
        if valide and nom == "commune":
            reponses["code_commune"] = form.cleaned_data["code_commune"]
        request.session[CLE] = reponses
        if "precedent" in request.POST:
            return redirect("bilan:etape", nom=noms[max(rang - 1, 0)])
        if valide:
            noms = [x.nom for x in etapes_utiles(reponses)]
            rang = noms.index(nom)
            if rang + 1 < len(noms):
                return redirect("bilan:etape", nom=noms[rang + 1])
            return redirect("bilan:resultats")
    else:
        form = formulaire(e, reponses)
    return render(
        request,
        "bilan/etape.html",
        {
            "title": f"{e.titre} — bilan de mes droits",
            "etape": e,
            "form": form,
            "numero": rang + 1,
            "total": len(noms),
            "total_connu": total_connu(reponses),
            "precedente": noms[rang - 1] if rang else None,
        },
    )


@page_publique
def resultats(request):
    reponses = _reponses(request)
    if not reponses:
        return redirect("bilan:accueil")
    data, incomplete = valider(reponses)
    if data is None:
        messages.warning(request, "Il manque une réponse pour calculer votre bilan.")
        return redirect("bilan:etape", nom=incomplete)
    try:
        situation = Situation.model_validate(data)
    except ValidationError as exc:
        erreurs = messages_champs(exc.errors())
        return render(
            request,
            "bilan/erreur.html",
            {"title": "Bilan incomplet", "erreurs": erreurs},
            status=400,
        )
    resultat = evaluer_regroupe(situation)
    garde = {
        "situation": situation.model_dump(mode="json"),
        "resultat": resultat.model_dump(mode="json"),
    }
    request.session["bilan_resultat"] = garde
    return afficher(request, garde)


@page_publique
@require_POST
def conserver(request):
    garde = request.session.get("bilan_resultat")
    if not garde:
        messages.error(request, "Faites d'abord votre bilan.")
        return redirect("bilan:accueil")
    if request.POST.get("consentement") != "oui":
        messages.error(request, "Pour conserver votre bilan, cochez la case d'accord.")
        return redirect(reverse("bilan:resultats") + "#conserver")
    try:
        bilan = conserver_bilan(
            garde["situation"], garde["resultat"], client=request.META.get("REMOTE_ADDR")
        )
    except QuotaAtteint as exc:
        return afficher(request, garde, status=429, titre_erreur=True, erreur_conserver=str(exc))
    request.session["bilan_resultat"] = {**garde, "code": bilan.code_affiche}
    return render(request, "bilan/conserve.html", {"title": "Bilan conservé", "bilan": bilan})
