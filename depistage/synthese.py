"""The screening's summary: the non-take-up estimate, as JSON and as one self-contained HTML page
with charts drawn here as inline SVG (no CDN, no script) — plain Python, no Django.
"""

from __future__ import annotations

import datetime as dt
import html

from bilan.moteur.catalogue import titre as titre_droit
from territoires.referentiel import commune as commune_ref
from territoires.referentiel import departements


def _euros(centimes: int) -> float:
    return round(centimes / 100, 2)


def finaliser(synthese: dict, *, mois: str, entree: str, duree_s: float) -> dict:
    """Turn the merged partial summaries (integer cents) into the published summary."""
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


def _nombre(n: float, decimales: int = 0) -> str:
    s = f"{n:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    return s


def _eur(n: float) -> str:
    return _nombre(n, 0) + "\u00a0€"


def _barres(titre: str, items: list[tuple[str, float]], fmt, couleur: str) -> str:
    """A horizontal bar chart as inline SVG; the same figures are in the table that follows."""
    if not items:
        return ""
    largeur, gauche, h = 860, 360, 26
    hauteur = h * len(items) + 10
    maxi = max(v for _, v in items) or 1
    lignes = []
    for i, (lib, v) in enumerate(items):
        y = 5 + i * h
        w = max(1.0, (largeur - gauche - 110) * v / maxi)
        lib_court = lib if len(lib) <= 50 else lib[:49] + "…"
        lignes.append(
            f'<text x="{gauche - 8}" y="{y + 17}" text-anchor="end">{html.escape(lib_court)}</text>'
            f'<rect x="{gauche}" y="{y + 4}" width="{w:.1f}" height="{h - 8}" fill="{couleur}"/>'
            f'<text x="{gauche + w + 6:.1f}" y="{y + 17}">{html.escape(fmt(v))}</text>'
        )
    return (
        f"<figure><figcaption>{html.escape(titre)}</figcaption>"
        f'<svg role="img" aria-label="{html.escape(titre)}" viewBox="0 0 {largeur} {hauteur}" '
        f'width="100%" style="max-width:{largeur}px" font-size="13" '
        f'font-family="Marianne, Arial, sans-serif">{"".join(lignes)}</svg></figure>'
    )


_CSS = """
body{font-family:Marianne,Arial,sans-serif;margin:0;color:#161616;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.8rem;margin:.2rem 0 1rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #000091;padding-bottom:.3rem}
.bandeau{background:#000091;color:#fff;padding:.6rem 1.5rem;font-weight:bold}
.chiffres{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:1rem;margin:1rem 0}
.chiffre{border:1px solid #ddd;border-bottom:4px solid #000091;padding:.8rem}
.chiffre strong{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.95rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left}
td.n,th.n{text-align:right}caption{text-align:left;font-weight:bold;padding:.3rem 0}
figure{margin:1rem 0}figcaption{font-weight:bold;margin-bottom:.4rem}
.note{color:#3a3a3a;font-size:.9rem}
@media print{.bandeau{background:none;color:#000;border-bottom:2px solid #000}}
"""


def _table(legende: str, entetes: list[tuple[str, bool]], lignes: list[list[str]]) -> str:
    th = "".join(
        f'<th scope="col"{" class=n" if n else ""}>{html.escape(t)}</th>' for t, n in entetes
    )
    corps = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if entetes[i][1] else ''}>{html.escape(v)}</td>"
            for i, v in enumerate(ligne)
        )
        + "</tr>"
        for ligne in lignes
    )
    return (
        f"<table><caption>{html.escape(legende)}</caption><thead><tr>{th}</tr></thead>"
        f"<tbody>{corps}</tbody></table>"
    )


def ecrire_html(s: dict) -> str:
    e = html.escape
    part = _nombre(100 * s["part_menages_concernes"], 1) + "\u00a0%"
    chiffres = [
        ("ménages dépistés", _nombre(s["menages_depistes"])),
        (
            "ménages passant probablement à côté d'au moins un droit",
            _nombre(s["menages_concernes"]),
        ),
        ("part des ménages dépistés", part),
        ("montant mensuel non demandé (estimation)", _eur(s["montant_mensuel_total"])),
        ("sur un an (12 mois et aides annuelles)", _eur(s["montant_annuel_estime"])),
        ("lignes rejetées (voir le fichier des rejets)", _nombre(s["lignes_rejetees"])),
    ]
    blocs = "".join(
        f'<div class="chiffre"><strong>{e(v)}</strong>{e(lib)}</div>' for lib, v in chiffres
    )
    droits = s["droits"]
    top_communes = s["communes"][:15]
    parties = [
        f'<div class="bandeau">Solidarités — dépistage du non-recours</div><main>'
        f"<h1>Droits probablement non demandés — {e(s['mois'])}</h1>"
        f'<p class="note">Fichier {e(s["fichier"])} ; {_nombre(s["lignes_lues"])} lignes lues, '
        f"{_nombre(s['lignes_rejetees'])} rejetées ({_nombre(s['menages_rejetes'])} ménages écartés). "
        f"Synthèse produite le {e(s['genere_le'])}.</p>",
        f'<section aria-labelledby="t-chiffres"><h2 id="t-chiffres">Chiffres clés</h2>'
        f'<div class="chiffres">{blocs}</div></section>',
        '<section aria-labelledby="t-droits"><h2 id="t-droits">Par droit</h2>',
        _barres(
            "Montant mensuel non demandé par droit",
            [(d["titre"], d["montant_mensuel"]) for d in droits if d["montant_mensuel"] > 0],
            _eur,
            "#000091",
        ),
        _barres(
            "Nombre de ménages concernés par droit",
            [(d["titre"], d["menages"]) for d in droits],
            _nombre,
            "#6a6af4",
        ),
        _table(
            "Droits probablement non demandés",
            [
                ("Droit", False),
                ("Ménages", True),
                ("Montant mensuel", True),
                ("Aides annuelles ou ponctuelles", True),
            ],
            [
                [
                    d["titre"],
                    _nombre(d["menages"]),
                    _eur(d["montant_mensuel"]),
                    _eur(d["montant_ponctuel"]) if d["montant_ponctuel"] else "—",
                ]
                for d in droits
            ],
        ),
        "</section>",
        '<section aria-labelledby="t-dep"><h2 id="t-dep">Par département</h2>',
        _table(
            "Par département",
            [
                ("Département", False),
                ("Ménages dépistés", True),
                ("Ménages concernés", True),
                ("Montant mensuel", True),
            ],
            [
                [
                    f"{d['nom']} ({d['code']})" if d["code"] else "Commune inconnue",
                    _nombre(d["menages_depistes"]),
                    _nombre(d["menages_concernes"]),
                    _eur(d["montant_mensuel"]),
                ]
                for d in s["departements"]
            ],
        ),
        "</section>",
        '<section aria-labelledby="t-communes"><h2 id="t-communes">Par commune</h2>',
        _barres(
            "Les 15 communes au plus fort montant mensuel non demandé",
            [
                (f"{c['nom']} ({c['code']})", c["montant_mensuel"])
                for c in top_communes
                if c["montant_mensuel"] > 0
            ],
            _eur,
            "#000091",
        ),
        _table(
            "Toutes les communes",
            [
                ("Commune", False),
                ("Ménages dépistés", True),
                ("Ménages concernés", True),
                ("Montant mensuel", True),
            ],
            [
                [
                    f"{c['nom']} ({c['code']})",
                    _nombre(c["menages_depistes"]),
                    _nombre(c["menages_concernes"]),
                    _eur(c["montant_mensuel"]),
                ]
                for c in s["communes"]
            ],
        ),
        "</section>",
        '<p class="note">Estimation : les montants sont ceux du bilan d\'accès aux droits '
        "(OpenFisca-France) calculés à partir des seules informations du fichier ; un droit "
        "« probablement non demandé » est un droit pour lequel le ménage semble éligible et "
        "qui n'est pas indiqué comme perçu. Chaque situation reste à vérifier avec la personne."
        "</p></main>",
    ]
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Dépistage du non-recours — {e(s['mois'])}</title><style>{_CSS}</style>"
        f"</head><body>{''.join(parties)}</body></html>"
    )
