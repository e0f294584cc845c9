"""Statistics of the structure's accueil over a period (aggregates only, no personal data):
charts (`solidarites.graphiques`, each with its data table) and the spreadsheet CSV."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format

from accueil import selectors
from accueil.forms import FormulairePeriode
from comptes.acces import acteur, page
from comptes.permissions import peut_voir_statistiques
from solidarites.graphiques import barres
from solidarites.tableur import ecrivain_csv


def _periode(request):
    form = FormulairePeriode(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["du"], form.cleaned_data["au"]
    du, au = selectors.periode_par_defaut()
    return form, du, au


def _graphiques(st: dict) -> list:
    def series(paires, nom):
        return [lib for lib, _ in paires], {nom: [n for _, n in paires]}

    mois = [(date_format(m, "M Y"), n) for m, n in st["par_mois"]]
    envoyees = dict(st["orient_env"])
    recues = dict(st["orient_rec"])
    return [
        barres("Contacts par mois", *series(mois, "Contacts")),
        barres("Contacts par canal", *series(st["par_canal"], "Contacts"), horizontal=True),
        barres("Besoins exprimés", *series(st["besoins"], "Contacts"), horizontal=True),
        barres(
            "Orientations par statut",
            list(envoyees),
            {"Envoyées": list(envoyees.values()), "Reçues": list(recues.values())},
        ),
        barres("Droits suivis, par état", *series(st["droits"], "Droits")),
    ]


@page(peut_voir_statistiques)
def statistiques(request):
    form, du, au = _periode(request)
    contexte = selectors.statistiques(acteur(request), du, au)
    erreur = "Erreur : " if form.errors else ""
    contexte.update(
        {
            "title": f"{erreur}Statistiques de l'accueil",
            "structure": request.user.membre.structure,
            "form": form,
            "graphiques": _graphiques(contexte),
            "requete": f"du={du.isoformat()}&au={au.isoformat()}",
        }
    )
    return render(request, "accueil/statistiques.html", contexte)


def _nombre(v) -> str:
    """A number as French spreadsheet software reads it (decimal comma)."""
    return "" if v is None else str(v).replace(".", ",")


@page(peut_voir_statistiques)
def statistiques_csv(request):
    """The same figures as the page, as a spreadsheet CSV: semicolons, decimal comma, UTF-8
    with a byte order mark (opens as is in French spreadsheet software)."""
    _, du, au = _periode(request)
    st = selectors.statistiques(acteur(request), du, au)
    tampon = io.StringIO()
    w = ecrivain_csv(tampon, delimiter=";", lineterminator="\r\n")
    w.writerow(["rubrique", "libellé", "valeur"])
    w.writerow(["période", "du", du.strftime("%d/%m/%Y")])
    w.writerow(["période", "au", au.strftime("%d/%m/%Y")])
    w.writerow(["total", "dossiers ouverts", st["nb_dossiers"]])
    w.writerow(["total", "contacts", st["nb_contacts"]])
    w.writerow(["total", "demandes en ligne", st["nb_demandes"]])
    w.writerow(
        [
            "total",
            "délai moyen demande en ligne → premier contact (h)",
            _nombre(st["delai_demandes_h"]),
        ]
    )
    for m, n in st["par_mois"]:
        w.writerow(["contacts par mois", m.strftime("%m/%Y"), n])
    for rubrique, cle in (
        ("contacts par canal", "par_canal"),
        ("besoins exprimés", "besoins"),
        ("orientations envoyées", "orient_env"),
        ("orientations reçues", "orient_rec"),
        ("droits suivis", "droits"),
    ):
        for libelle, n in st[cle]:
            w.writerow([rubrique, libelle, n])
    r = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    nom = f"statistiques-accueil-{du.isoformat()}-{au.isoformat()}.csv"
    r["Content-Disposition"] = f'attachment; filename="{nom}"'
    return r
