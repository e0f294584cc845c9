"""The screening's summary: the non-take-up estimate, as JSON and as one self-contained HTML page
rendered from a template, with the project's charts as inline SVG (no CDN, no script). Plain
Python: the template engine is Django's, used without the project's settings.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine

from bilan.moteur.catalogue import titre as titre_droit
from solidarites.francais import date_heure, mois_en_mots, nombre
from solidarites.graphiques import barres
from territoires.referentiel import commune as commune_ref
from territoires.referentiel import departements


def _euros(centimes: int) -> float:
    return round(centimes / 100, 2)


def finaliser(synthese: dict, *, mois: str, entree: str, duree_s: float) -> dict:
    """Turn the merged partial summaries (integer cents) into the published summary. `entree`
    is the name people know the file by (the uploaded file's name on the web)."""
    droits = [
        {
            "slug": slug,
            "titre": titre_droit(slug),
            "menages": e["menages"],
            "montant_mensuel": _euros(e["montant_centimes"]),
            "montant_ponctuel": _euros(e["ponctuel_centimes"]),
        }
        for slug, e in synthese["droits"].items()
    ]
    droits.sort(key=lambda d: (-d["montant_mensuel"], -d["menages"], d["slug"]))
    communes = []
    for code, c in synthese["communes"].items():
        ref = commune_ref(code)
        communes.append(
            {
                "code": code,
                "nom": ref.nom if ref else code,
                "departement": ref.departement if ref else "",
                "menages_depistes": c["menages"],
                "menages_concernes": c["menages_concernes"],
                "montant_mensuel": _euros(c["montant_centimes"]),
                "droits": {
                    slug: {
                        "menages": e["menages"],
                        "montant_mensuel": _euros(e["montant_centimes"]),
                    }
                    for slug, e in sorted(c["droits"].items())
                },
            }
        )
    communes.sort(key=lambda c: (-c["montant_mensuel"], c["code"]))
    par_dep: dict[str, dict] = {}
    for c in communes:
        d = par_dep.setdefault(
            c["departement"],
            {
                "code": c["departement"],
                "nom": departements().get(c["departement"], c["departement"]),
                "menages_depistes": 0,
                "menages_concernes": 0,
                "montant_centimes": 0,
            },
        )
        d["menages_depistes"] += c["menages_depistes"]
        d["menages_concernes"] += c["menages_concernes"]
        d["montant_centimes"] += round(c["montant_mensuel"] * 100)
    deps = [
        {k: v for k, v in d.items() if k != "montant_centimes"}
        | {"montant_mensuel": _euros(d["montant_centimes"])}
        for _, d in sorted(par_dep.items())
    ]
    menages = synthese["menages"]
    return {
        "mois": mois,
        "fichier": entree,
        "genere_le": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "lignes_lues": synthese["lignes"],
        "lignes_rejetees": synthese["lignes_rejetees"],
        "menages_depistes": menages,
        "menages_rejetes": synthese["menages_rejetes"],
        "menages_concernes": synthese["menages_concernes"],
        "part_menages_concernes": round(synthese["menages_concernes"] / menages, 4)
        if menages
        else 0.0,
        "montant_mensuel_total": _euros(synthese["montant_centimes"]),
        "montant_ponctuel_total": _euros(synthese["ponctuel_centimes"]),
        "montant_annuel_estime": _euros(
            synthese["montant_centimes"] * 12 + synthese["ponctuel_centimes"]
        ),
        "droits": droits,
        "departements": deps,
        "communes": communes,
        "duree_s": round(duree_s, 1),
    }


# ---- HTML ----------------------------------------------------------------------------------
# The page is the template depistage/templates/depistage/synthese.html, rendered by a template
# engine of its own (the same Django template language, without the project's settings: the
# command line and a remote coordinator render it too); the charts are the project's (pygal,
# inline SVG without script, each with its data table). Figures are written here in French.

GABARITS = (
    Path(__file__).resolve().parent / "templates",
    Path(__file__).resolve().parents[1] / "templates",
)


@lru_cache(maxsize=1)
def _moteur() -> Engine:
    return Engine(dirs=[str(d) for d in GABARITS], autoescape=True)


def _eur(n: float) -> str:
    return nombre(n, 0) + "\u00a0€"


def _graphique(titre: str, items: list[tuple[str, float]], unite: str):
    """A horizontal bar chart with its full labels, or None when there is nothing to draw."""
    if not items:
        return None
    return barres(
        titre,
        [lib for lib, _ in items],
        {unite.capitalize() or "Valeur": [v for _, v in items]},
        unite="€" if unite == "euros" else "",
        horizontal=True,
    )


def contexte_html(s: dict) -> dict:
    """What the template shows, with every figure already written in French."""
    droits = s["droits"]
    return {
        "mois": mois_en_mots(s["mois"]),
        "fichier": s["fichier"],
        "genere_le": date_heure(s["genere_le"]),
        "lignes_lues": nombre(s["lignes_lues"]),
        "lignes_rejetees": nombre(s["lignes_rejetees"]),
        "menages_rejetes": nombre(s["menages_rejetes"]),
        "chiffres": [
            ("ménages dépistés", nombre(s["menages_depistes"])),
            (
                "ménages passant probablement à côté d'au moins un droit",
                nombre(s["menages_concernes"]),
            ),
            (
                "part des ménages dépistés",
                nombre(100 * s["part_menages_concernes"], 1) + "\u00a0%",
            ),
            ("montant mensuel non demandé (estimation)", _eur(s["montant_mensuel_total"])),
            ("sur un an (12 mois et aides annuelles)", _eur(s["montant_annuel_estime"])),
            ("lignes rejetées (voir le fichier des rejets)", nombre(s["lignes_rejetees"])),
        ],
        "graphiques_droits": [
            g
            for g in (
                _graphique(
                    "Montant mensuel non demandé par droit",
                    [
                        (d["titre"], d["montant_mensuel"])
                        for d in droits
                        if d["montant_mensuel"] > 0
                    ],
                    "euros",
                ),
                _graphique(
                    "Nombre de ménages concernés par droit",
                    [(d["titre"], d["menages"]) for d in droits],
                    "ménages",
                ),
            )
            if g is not None
        ],
        "droits": [
            {
                "titre": d["titre"],
                "menages": nombre(d["menages"]),
                "montant_mensuel": _eur(d["montant_mensuel"]),
                "montant_ponctuel": _eur(d["montant_ponctuel"]) if d["montant_ponctuel"] else "—",
            }
            for d in droits
        ],
        "departements": [
            {
                "nom": f"{d['nom']} ({d['code']})" if d["code"] else "Commune inconnue",
                "menages_depistes": nombre(d["menages_depistes"]),
                "menages_concernes": nombre(d["menages_concernes"]),
                "montant_mensuel": _eur(d["montant_mensuel"]),
            }
            for d in s["departements"]
        ],
        "graphique_communes": _graphique(
            "Les 15 communes au plus fort montant mensuel non demandé",
            [
                (f"{c['nom']} ({c['code']})", c["montant_mensuel"])
                for c in s["communes"][:15]
                if c["montant_mensuel"] > 0
            ],
            "euros",
        ),
        "communes": [
            {
                "nom": f"{c['nom']} ({c['code']})",
                "menages_depistes": nombre(c["menages_depistes"]),
                "menages_concernes": nombre(c["menages_concernes"]),
                "montant_mensuel": _eur(c["montant_mensuel"]),
            }
            for c in s["communes"]
        ],
    }


def ecrire_html(s: dict) -> str:
    """The summary as one self-contained HTML page (no script, nothing fetched)."""
    gabarit = _moteur().get_template("depistage/synthese.html")
    return gabarit.render(Context(contexte_html(s)))
