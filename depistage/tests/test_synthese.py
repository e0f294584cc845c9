"""The screening's HTML summary: rendered from its template, figures and dates in French, full
labels, no script, the uploaded file's name."""

import datetime as dt

from depistage.synthese import ecrire_html, finaliser
from solidarites.francais import date_heure, mois_en_mots, nombre

TITRE_LONG = "Fonds de solidarité pour le logement en Seine-et-Marne (FSL 77) — un titre très long"


def _synthese(**kw):
    partielle = {
        "droits": {
            "rsa": {"menages": 3, "montant_centimes": 150000, "ponctuel_centimes": 0},
            "fsl-77": {"menages": 2, "montant_centimes": 0, "ponctuel_centimes": 0},
        },
        "communes": {
            "77288": {
                "menages": 5,
                "menages_concernes": 3,
                "montant_centimes": 150000,
                "droits": {},
            }
        },
        "menages": 5,
        "menages_rejetes": 1,
        "menages_concernes": 3,
        "lignes": 20,
        "lignes_rejetees": 2,
        "montant_centimes": 150000,
        "ponctuel_centimes": 0,
    }
    return finaliser(partielle, mois="2026-11", entree="bénéficiaires <rsa>.csv", duree_s=1.0) | kw


def test_dates_en_francais_heure_de_paris():
    assert date_heure("2026-11-28T18:05:00+00:00") == "28 novembre 2026 à 19 h 05"
    assert date_heure("2026-07-01T08:00:00+00:00") == "1er juillet 2026 à 10 h 00"
    assert mois_en_mots("2026-11") == "novembre 2026" and mois_en_mots("n'importe") == "n'importe"
    assert nombre(1200) == "1\u202f200" and nombre(2.5) == "2,50" and nombre(3, 1) == "3,0"


def test_page_depuis_le_gabarit():
    s = _synthese(genere_le=dt.datetime(2026, 11, 28, 18, 5, tzinfo=dt.UTC).isoformat())
    s["droits"][0]["titre"] = TITRE_LONG
    page = ecrire_html(s)
    assert page.startswith("{% comment") is False and '<html lang="fr">' in page
    assert "Droits probablement non demandés — novembre 2026" in page
    assert "Fichier « bénéficiaires &lt;rsa&gt;.csv »" in page  # escaped by the template
    assert "Synthèse produite le 28 novembre 2026 à 19 h 05" in page
    assert TITRE_LONG in page and "…" not in page  # labels are not cut
    assert "1\u202f500\u00a0€" in page  # French figures
    assert "<script" not in page and 'src="data:image/svg+xml;base64,' in page
    import base64
    import re

    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    svg = base64.b64decode(images[0]).decode()
    assert svg.startswith("<svg") and "<title>Pygal</title>" not in svg
