"""Pages publiques des chiffres clés et des données ouvertes (aucune donnée personnelle : des
agrégats, les petits effectifs masqués)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from chiffres import registre, selectors
from comptes.acces import page_publique
from solidarites.graphiques import barres
from solidarites.tableur import ecrivain_csv

SCHEMA = Path(__file__).resolve().parent / "schema" / "chiffres.schema.json"

COLONNES_CSV = [
    "departement",
    "code",
    "titre",
    "theme",
    "unite",
    "periode_debut",
    "periode_fin",
    "calcule_le",
    "ventilation",
    "valeur",
    "sur",
    "masque",
    "note",
    "definition",
]


def _nom(code: str) -> str:
    if code not in settings.DEPARTEMENTS:
        raise Http404
    return settings.DEPARTEMENTS[code]


def _graphique(mesure: registre.Mesure):
    """Un graphique en barres (SVG sans script, avec son tableau) pour un indicateur ventilé."""
    lignes = [
        v
        for v in mesure.valeurs
        if v.ventilation and v.sur is None and not v.ventilation.startswith("Toutes")
    ]
    if len(lignes) < 2:
        return None
    return barres(
        mesure.indicateur.titre,
        [v.ventilation for v in lignes],
        {mesure.indicateur.unite.capitalize(): [None if v.masque else v.valeur for v in lignes]},
        unite=mesure.indicateur.unite,
        horizontal=True,
    )


@page_publique
def donnees_ouvertes(request):
    return render(
        request,
        "chiffres/donnees_ouvertes.html",
        {
            "title": "Données ouvertes",
            "departements": list(settings.DEPARTEMENTS.items()),
            "indicateurs": registre.indicateurs(),
            "seuil": registre.SEUIL_SECRET,
        },
    )


@page_publique
def departement(request, code):
    nom = _nom(code)
    mesures = selectors.mesures(code)
    nr = selectors.non_recours_communes(code, request.GET.get("tri", "-menages_concernes"))
    return render(
        request,
        "chiffres/departement.html",
        {
            "title": f"Chiffres clés — {nom}",
            "code": code,
            "nom": nom,
            "periode": selectors.periode_courante(),
            "mesures": [(m, _graphique(m)) for m in mesures],
            "nr": nr,
            "colonnes": selectors.COLONNES_COMMUNES,
            "seuil": registre.SEUIL_SECRET,
        },
    )


@page_publique
def export_json(request, code):
    _nom(code)
    r = JsonResponse(selectors.export(code), json_dumps_params={"ensure_ascii": False})
    r["Content-Disposition"] = f'inline; filename="chiffres-{code}.json"'
    return r


@page_publique
def export_csv(request, code):
    _nom(code)
    r = HttpResponse(content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = f'attachment; filename="chiffres-{code}.csv"'
    r.write("\ufeff")
    w = ecrivain_csv(r, delimiter=";")
    w.writerow(COLONNES_CSV)
    for m in selectors.mesures(code):
        pub = m.publique()
        for v in pub["valeurs"]:
            w.writerow(
                [
                    code,
                    pub["code"],
                    pub["titre"],
                    pub["theme"],
                    pub["unite"],
                    pub["periode"]["debut"],
                    pub["periode"]["fin"],
                    pub["calcule_le"],
                    v["ventilation"],
                    "" if v["valeur"] is None else v["valeur"],
                    "" if v["sur"] is None else v["sur"],
                    "oui" if v["masque"] else "non",
                    v["note"],
                    pub["definition"],
                ]
            )
    return r


@page_publique
def communes_csv(request, code):
    _nom(code)
    nr = selectors.non_recours_communes(code, "nom")
    r = HttpResponse(content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = f'attachment; filename="non-recours-communes-{code}.csv"'
    r.write("\ufeff")
    w = ecrivain_csv(r, delimiter=";")
    w.writerow(["code", "nom", "masque", *list(selectors.COLONNES_COMMUNES)[1:]])
    for c in nr["communes"]:
        w.writerow(
            [c["code"], c["nom"], "oui" if c["masque"] else "non"]
            + ["" if c[k] is None else c[k] for k in list(selectors.COLONNES_COMMUNES)[1:]]
        )
    return r


@page_publique
def schema_json(request):
    return FileResponse(open(SCHEMA, "rb"), content_type="application/schema+json")
