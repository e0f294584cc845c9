"""The public online form « Être rappelé(e), être aidé(e) » (no account, no JavaScript)."""

from __future__ import annotations

from django.shortcuts import redirect, render

from accueil import regles, services
from accueil.forms import FormulaireDemande
from comptes.acces import page_publique


@page_publique
def demande(request):
    form = FormulaireDemande(request.POST or None)
    if request.method == "POST":
        if request.POST.get("site_web"):
            # A robot filled in the hidden field: answer as if all went well, store nothing.
            request.session["demande_reference"] = regles.nouvelle_reference("D")
            return redirect("accueil:demande_envoyee")
        ip = request.META.get("REMOTE_ADDR")
        if services.trop_de_demandes(ip):
            return render(
                request,
                "accueil/demande_limite.html",
                {"title": "Trop de demandes"},
                status=429,
            )
        if form.is_valid():
            c = form.cleaned_data
            try:
                d = services.creer_demande(
                    services.DonneesDemande(
                        commune_code=c["commune"],
                        besoins=c["besoins"],
                        prenom=c["prenom"],
                        nom=c["nom"],
                        telephone=c["telephone"],
                        courriel=c["courriel"],
                        moment_prefere=c["moment_prefere"],
                        message=c["message"],
                    ),
                    ip,
                )
            except services.TropDeDemandes:
                return render(
                    request,
                    "accueil/demande_limite.html",
                    {"title": "Trop de demandes"},
                    status=429,
                )
            else:
                request.session["demande_reference"] = d.reference
                request.session["demande_structure"] = d.structure.nom if d.structure else ""
                request.session["demande_telephone"] = d.structure.telephone if d.structure else ""
                return redirect("accueil:demande_envoyee")
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
        },
    )
