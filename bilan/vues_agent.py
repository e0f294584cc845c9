"""/bilan/ouvrir/: a professional opens the bilan a person kept, with the code the person gives
(#16): the household's answers, every right studied with its amount and its reasons (met and
unmet), the places to go. Each opening is written to the audit trail."""

from __future__ import annotations

from django.shortcuts import render

from bilan.moteur import ResultatBilan
from bilan.perms import peut_ouvrir_bilan
from bilan.restitution import contexte_resultat
from bilan.vues_restitution import CodeForm
from comptes.acces import page
from comptes.audit import journaliser
from comptes.models import EvenementAudit


@page(peut_ouvrir_bilan)
def ouvrir(request):
    form = CodeForm(request.GET or None)
    contexte = {"title": "Ouvrir le bilan d'une personne", "form": form}
    status = 200
    if request.GET:
        if form.is_valid():
            conserve = form.cleaned_data["code"]
            journaliser(request, EvenementAudit.Action.CONSULTATION, "bilan", objet_id=conserve.pk)
            resultat = ResultatBilan.model_validate(conserve.resultat)
            contexte.update(
                contexte_resultat(conserve.situation, resultat, cree_le=conserve.cree_le)
            )
            contexte.update(
                conserve=conserve,
                title=f"Bilan {conserve.code_affiche}",
                code=conserve.code_affiche,
            )
        else:
            journaliser(request, EvenementAudit.Action.REFUS, "bilan")
            status = 400
    return render(request, "bilan/agent_bilan.html", contexte, status=status)
