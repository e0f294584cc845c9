"""The public online form « Être rappelé(e), être aidé(e) » (no account, no JavaScript)."""

from __future__ import annotations

from django.shortcuts import redirect, render

from accueil import regles, services
from accueil.forms import FormulaireDemande
from comptes.acces import page_publique
from solidarites.formulaires_publics import traiter
from territoires import referentiel


def _robot(request):
    # Answer as if all went well, store nothing.
    request.session["demande_reference"] = regles.nouvelle_reference("D")
    return redirect("accueil:demande_envoyee")


def _ecrire(c: dict, ip: str | None):
    return services.creer_demande(
        services.DonneesDemande(
            commune_code=c["commune"],
            besoins=c["besoins"],
            prenom=c["prenom"],
            nom=c["nom"],
            telephone=c["telephone"],
            courriel=c["courriel"],
            moment_prefere=c["moment_prefere"],
            message=c["message"],
            code_bilan=c["code_bilan"],
            confirmation=c["confirmation"],
        ),
        ip,
    )


def _initial(request) -> dict:
    """Coming from the bilan's result (« Être rappelé(e) »): its code and the commune given
    there, so that nothing is typed twice."""
    initial = {}
    if code := request.GET.get("code_bilan", "").strip()[:20]:
        initial["code_bilan"] = code
    ref = referentiel.commune(request.GET.get("commune", "").strip()[:5])
    if ref is not None:
        cp = ref.codes_postaux[0] if ref.codes_postaux else ""
        initial["commune"] = f"{ref.nom} ({cp})" if cp else ref.nom
    return initial


@page_publique
def demande(request):
    form = FormulaireDemande(request.POST or None, initial=_initial(request))
    if request.method == "POST":

        def envoyee(d):
            request.session["demande_reference"] = d.reference
            request.session["demande_structure"] = d.structure.nom if d.structure else ""
            request.session["demande_telephone"] = d.structure.telephone if d.structure else ""
            request.session["demande_confirmation"] = d.confirmation
            request.session["demande_code_bilan"] = d.code_bilan
            return redirect("accueil:demande_envoyee")

        reponse = traiter(
            request,
            form,
            usage="demande",
            limite=services.limite_demandes(),
            robot=_robot,
            ecrire=_ecrire,
            succes=envoyee,
        )
        if reponse:
            return reponse
    return render(
        request,
        "accueil/demande.html",
        {"title": "Être rappelé(e), être aidé(e)", "form": form},
    )


@page_publique
def demande_envoyee(request):
    reference = request.session.get("demande_reference")
    if not reference:
        return redirect("accueil:demande")
    return render(
        request,
        "accueil/demande_envoyee.html",
        {
            "title": "Votre demande est envoyée",
            "reference": reference,
            "structure": request.session.get("demande_structure", ""),
            "telephone": request.session.get("demande_telephone", ""),
            "confirmation": request.session.get("demande_confirmation", []),
            "code_bilan": request.session.get("demande_code_bilan", ""),
        },
    )
