"""Pages des conventions : la liste (le pilotage voit celles de son département, une structure
partie voit les siennes), le détail, la saisie d'un indicateur par la structure qui en a la
charge, la synthèse des montants (pilotage)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from comptes.acces import objet_ou_refus, page
from comptes.audit import journaliser
from conventions import perms, selectors, services
from conventions.forms import FormulaireReleve
from conventions.models import Convention, IndicateurConvention, Releve
from solidarites.erreurs import ErreurChamps, appliquer_erreurs
from solidarites.graphiques import barres
from solidarites.tableur import ecrivain_csv


def _visibles(acteur):
    return Convention.objects.visibles_par(acteur).prefetch_related("parties__structure")


@page(perms.peut_voir_conventions)
def liste(request):
    a = request.acteur
    conventions = list(_visibles(a).select_related("departement"))
    alertes = []
    if perms.est_pilotage(a):
        alertes = [
            x
            for x in services.echeances_proches(timezone.localdate(), 60)
            if x[0].departement_id == a.departement
        ]
    journaliser(request, "liste", "convention")
    return render(
        request,
        "conventions/liste.html",
        {
            "title": "Conventions",
            "conventions": conventions,
            "alertes": alertes,
            "pilotage": perms.est_pilotage(a),
        },
    )


@page(perms.peut_voir_conventions)
def detail(request, pk):
    a = request.acteur
    c = objet_ou_refus(request, _visibles(a), pk, objet="convention")
    indicateurs = list(
        c.indicateurs.select_related("axe", "partie__structure").prefetch_related(
            Prefetch("releves", queryset=Releve.objects.order_by("annee"))
        )
    )
    for i in indicateurs:
        i.saisissable = perms.peut_saisir(a, i.partie.structure_id, c.departement_id)
    journaliser(request, "consultation", "convention", objet_id=c.pk)
    return render(
        request,
        "conventions/detail.html",
        {
            "title": c.titre,
            "c": c,
            "axes": c.axes.prefetch_related("actionconvention_set__partie__structure"),
            "montants": c.montants.select_related("partie__structure"),
            "versements": c.versements.select_related("partie__structure"),
            "indicateurs": indicateurs,
            "form": FormulaireReleve(initial={"annee": min(timezone.localdate().year, c.fin.year)}),
            "gestion": perms.peut_gerer(a, c.departement_id),
        },
    )


@page(perms.peut_voir_conventions)
def saisir(request, pk):
    a = request.acteur
    visibles = IndicateurConvention.objects.filter(convention__in=_visibles(a))
    ind = objet_ou_refus(
        request, visibles.select_related("convention", "partie"), pk, objet="indicateur"
    )
    c = ind.convention
    if not perms.peut_saisir(a, ind.partie.structure_id, c.departement_id):
        journaliser(request, "refus", "indicateur", objet_id=ind.pk)
        raise PermissionDenied("Seule la structure chargée de cet indicateur le renseigne.")
    form = FormulaireReleve(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.saisir_releve(
                ind,
                annee=d["annee"],
                valeur=d["valeur"],
                commentaire=d["commentaire"],
                auteur=request.user,
            )
        except ErreurChamps as exc:
            appliquer_erreurs(form, exc)
        else:
            journaliser(request, "modification", "indicateur", objet_id=ind.pk)
            messages.success(request, f"Valeur {d['annee']} enregistrée : {ind.libelle}.")
            return redirect("conventions:detail", pk=c.pk)
    return render(
        request,
        "conventions/saisie.html",
        {"title": f"Renseigner : {ind.libelle}", "ind": ind, "c": c, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@page(perms.est_pilotage)
def montants(request):
    a = request.acteur
    s = selectors.synthese_montants(Convention.objects.filter(departement_id=a.departement))
    if request.GET.get("format") == "csv":
        r = HttpResponse(content_type="text/csv; charset=utf-8")
        r["Content-Disposition"] = (
            f'attachment; filename="conventions-montants-{a.departement}.csv"'
        )
        r.write("\ufeff")
        w = ecrivain_csv(r, delimiter=";")
        w.writerow(["ventilation", "libelle", *s["annees"], "total"])
        for cle in ("par_partenaire", "par_politique"):
            for nom, valeurs, total in s[cle]:
                w.writerow([cle.removeprefix("par_"), nom, *valeurs, total])
        return r
    graphique = None
    if s["annees"]:
        graphique = barres(
            "Montants des conventions par politique et par année",
            [str(x) for x in s["annees"]],
            {nom: [float(v) for v in valeurs] for nom, valeurs, _ in s["par_politique"]},
            unite="€",
            empile=True,
        )
    journaliser(request, "liste", "convention")
    return render(
        request,
        "conventions/montants.html",
        {"title": "Montants des conventions", "s": s, "graphique": graphique},
    )
