"""Pages of the screening for agents: upload a file, follow the calculation, download results.

Access through the one gate (comptes.acces) with the predicates of depistage/perms.py: a
screening belongs to the structure of the account that uploaded it. Its agents (accueil,
travailleur social, partenaire) see everything and download the per-household results; its
encadrants and administrateurs see the progress and the summary (aggregated figures, no personal
data); nobody else sees it (404, so that identifiers reveal nothing). Every download of personal
data goes to the audit trail.
"""

from __future__ import annotations

import errno
import shutil

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import acteur, objet_ou_refus, page
from comptes.audit import journaliser
from comptes.models import EvenementAudit
from depistage import stockage
from depistage.lecture import ErreurFichier, lire_en_tete
from depistage.models import Depistage
from depistage.perms import (
    REFUS_RESULTATS,
    peut_acceder,
    peut_deposer,
    peut_telecharger_resultats,
)
from depistage.tableur import morceaux_tableur
from solidarites.televersement import DISQUE_PLEIN


class FormulaireDepot(forms.Form):
    fichier = forms.FileField(
        label="Fichier des ménages (CSV)",
        help_text="Une ligne par personne ou une ligne par ménage ; séparateur ; ou , ; UTF-8. "
        "Voir le modèle ci-dessous.",
    )
    mois = forms.RegexField(
        label="Mois calculé",
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        error_messages={
            "invalid": "Mois calculé : choisissez un mois (AAAA-MM, par exemple 2026-11).",
            "required": "Mois calculé : choisissez le mois à calculer.",
        },
        help_text="Par défaut, le mois en cours.",
        widget=forms.TextInput(attrs={"type": "month", "pattern": r"\d{4}-\d{2}"}),
    )

    def clean_mois(self):
        """Bounded (issue 18: 1900-01 was accepted): the rules known to the engine, from 2020 to
        twelve months ahead."""
        mois = self.cleaned_data["mois"]
        aujourdhui = timezone.localdate()
        annee, m = int(mois[:4]), int(mois[5:])
        dernier = (aujourdhui.year + 1, aujourdhui.month)
        if (annee, m) < (2020, 1) or (annee, m) > dernier:
            raise forms.ValidationError(
                f"Mois calculé : choisissez un mois entre 2020-01 et {dernier[0]}-{dernier[1]:02d}."
            )
        return mois

    def clean_fichier(self):
        f = self.cleaned_data["fichier"]
        maximum = settings.TELEVERSEMENT_MAX  # bigger uploads are stopped before (televersement)
        if f.size > maximum:
            raise forms.ValidationError(
                f"Le fichier dépasse {maximum // 1024 // 1024} Mo : utilisez la ligne de commande."
            )
        if not f.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Le fichier doit être un CSV (extension .csv).")
        return f


def _depistage(request, pk) -> tuple[Depistage, object]:
    a = acteur(request)
    return objet_ou_refus(request, Depistage.objects.visibles_par(a), pk, objet="depistage"), a


@page(peut_acceder)
def liste(request):
    a = acteur(request)
    form = FormulaireDepot(initial={"mois": timezone.localdate().strftime("%Y-%m")})
    if request.method == "POST":
        if not peut_deposer(a):
            raise PermissionDenied(peut_deposer.refus)
        form = FormulaireDepot(request.POST, request.FILES)
        if form.is_valid():
            dep = _creer(request, form)
            if dep is not None:
                messages.success(request, "Fichier déposé : le dépistage est lancé.")
                return redirect("depistage:detail", pk=dep.pk)
    depistages = Depistage.objects.visibles_par(a).select_related("cree_par")
    return render(
        request,
        "depistage/liste.html",
        {
            "title": "Dépistage du non-recours",
            "form": form,
            "depistages": depistages,
            "peut_deposer": peut_deposer(a),
            "conservation": stockage.conservation().days,
        },
    )


def _creer(request, form) -> Depistage | None:
    dep = Depistage(
        structure_id=acteur(request).structure_id,
        cree_par=request.user,
        nom_fichier=form.cleaned_data["fichier"].name[:200],
        mois=form.cleaned_data["mois"],
        expire_le=timezone.now() + stockage.conservation(),
    )
    try:
        stockage.ecrire_entree(dep, form.cleaned_data["fichier"].chunks())
        lire_en_tete(stockage.entree(dep))
    except (ErreurFichier, OSError) as exc:
        # Nothing half-written: no file (the directory goes), no row (saved only after).
        shutil.rmtree(stockage.dossier(dep), ignore_errors=True)
        if isinstance(exc, OSError) and exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        form.add_error("fichier", DISQUE_PLEIN if isinstance(exc, OSError) else str(exc))
        return None
    dep.save()
    journaliser(request, EvenementAudit.Action.CREATION, "depistage")
    stockage.lancer(dep)
    return dep


@page(peut_acceder)
def detail(request, pk):
    dep, a = _depistage(request, pk)
    en_cours = dep.statut in (Depistage.Statut.EN_ATTENTE, Depistage.Statut.EN_COURS)
    interrompu = stockage.interrompu(dep)
    prog = stockage.progression(dep) if en_cours else None
    pourcent = None
    if prog and prog.get("lignes_total"):
        pourcent = min(100, round(100 * prog["lignes_faites"] / prog["lignes_total"]))
    gabarit = "depistage/detail.html"
    if request.GET.get("fragment") == "avancement":  # re-read by static/js/avancement.js
        gabarit = "depistage/_avancement.html"
    return render(
        request,
        gabarit,
        {
            "title": f"Dépistage — {dep.nom_fichier}",
            "dep": dep,
            "en_cours": en_cours and not interrompu,
            "interrompu": interrompu,
            "progression": prog,
            "pourcent": pourcent,
            "peut_telecharger": peut_telecharger_resultats(a, dep.structure_id),
            "s": dep.synthese,
        },
    )


FICHIERS = {
    "resultats.csv": ("sortie", True, "text/csv"),
    "rejets.csv": ("rejets", True, "text/csv"),
    "synthese.html": ("synthese_html", False, "text/html"),
    "synthese.json": ("synthese_json", False, "application/json"),
}


@page(peut_acceder)
def telecharger(request, pk, nom):
    dep, a = _depistage(request, pk)
    if nom not in FICHIERS or dep.statut != Depistage.Statut.TERMINE:
        raise Http404("Fichier introuvable.")
    attribut, personnel, type_mime = FICHIERS[nom]
    if personnel:
        if not peut_telecharger_resultats(a, dep.structure_id):
            journaliser(request, EvenementAudit.Action.REFUS, "depistage")
            raise PermissionDenied(REFUS_RESULTATS)
        journaliser(request, EvenementAudit.Action.EXPORT, "depistage")
    chemin = getattr(stockage.fichiers(dep), attribut)
    if not chemin.exists():
        raise Http404("Fichier introuvable.")
    base = dep.nom_fichier.rsplit(".", 1)[0][:80] or "depistage"
    if personnel and request.GET.get("format") != "csv":
        # Default on the web: the spreadsheet CSV (; decimal comma, BOM), converted on the fly.
        reponse = StreamingHttpResponse(
            morceaux_tableur(chemin), content_type="text/csv; charset=utf-8"
        )
        reponse["Content-Disposition"] = f'attachment; filename="{base}.{nom}"'
        reponse["Cache-Control"] = "private, no-store"
        return reponse
    reponse = FileResponse(
        open(chemin, "rb"),  # noqa: SIM115 - closed by FileResponse
        as_attachment=nom != "synthese.html",
        filename=f"{base}.{nom}",
        content_type=type_mime,
    )
    reponse["Cache-Control"] = "private, no-store"
    return reponse


@page(peut_deposer)
@require_POST
def reprendre(request, pk):
    dep, _ = _depistage(request, pk)
    if stockage.interrompu(dep) or dep.statut == Depistage.Statut.ECHEC:
        stockage.lancer(dep)
        messages.success(request, "Le dépistage reprend là où il s'était arrêté.")
    return redirect("depistage:detail", pk=dep.pk)


@page(peut_deposer)
@require_POST
def supprimer(request, pk):
    dep, _ = _depistage(request, pk)
    if dep.statut == Depistage.Statut.EN_COURS and not stockage.interrompu(dep):
        messages.error(request, "Le calcul est en cours : attendez sa fin pour supprimer.")
        return redirect("depistage:detail", pk=dep.pk)
    journaliser(request, EvenementAudit.Action.MODIFICATION, "depistage")
    stockage.supprimer(dep)
    messages.success(request, "Le fichier et ses résultats ont été supprimés.")
    return redirect("depistage:liste")


@page(peut_acceder)
def modele(request, nom):
    """The example files of content/depistage/ (fictitious households)."""
    from django.conf import settings

    if nom not in ("exemple.csv", "exemple-menages.csv"):
        raise Http404("Fichier introuvable.")
    chemin = settings.CONTENT_DIR / "depistage" / nom
    return FileResponse(
        open(chemin, "rb"), as_attachment=True, filename=nom, content_type="text/csv"
    )  # noqa: SIM115
