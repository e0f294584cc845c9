"""Lectures des chiffres clés : les mesures d'un département et le non-recours par commune."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from chiffres import registre
from chiffres.indicateurs import dernier_depistage


def periode_courante() -> registre.Periode:
    return registre.Periode.douze_mois(timezone.localdate())


def mesures(code: str) -> list[registre.Mesure]:
    periode = periode_courante()
    maintenant = timezone.localtime()
    return [registre.mesurer(i.code, code, periode, maintenant) for i in registre.indicateurs()]


COLONNES_COMMUNES = {
    "nom": "Commune",
    "menages_depistes": "Ménages dépistés",
    "menages_concernes": "Ménages concernés",
    "part": "Part des ménages concernés",
    "montant_mensuel": "Montant mensuel estimé (€)",
}


def non_recours_communes(code: str, tri: str = "-menages_concernes") -> dict:
    """Les communes du département dans le dernier dépistage, masquées sous le seuil : une
    commune avec moins de SEUIL_SECRET ménages dépistés (ou 1 à SEUIL-1 concernés) ne montre
    que son nom."""
    d, _ = dernier_depistage(code)
    lignes = []
    if d is not None:
        for c in d.synthese.get("communes", []):
            if c.get("departement") != code:
                continue
            masque = registre.masquer(c["menages_depistes"]) or registre.masquer(
                c["menages_concernes"]
            )
            lignes.append(
                {
                    "code": c["code"],
                    "nom": c["nom"],
                    "masque": masque,
                    "menages_depistes": None if masque else c["menages_depistes"],
                    "menages_concernes": None if masque else c["menages_concernes"],
                    "part": None
                    if masque or not c["menages_depistes"]
                    else round(c["menages_concernes"] / c["menages_depistes"], 4),
                    "montant_mensuel": None if masque else c["montant_mensuel"],
                }
            )
    cle = tri.lstrip("-")
    if cle not in COLONNES_COMMUNES:
        cle, tri = "menages_concernes", "-menages_concernes"
    inverse = tri.startswith("-")
    if cle == "nom":
        lignes.sort(key=lambda x: x["nom"], reverse=inverse)
    else:
        presentes = sorted(
            (x for x in lignes if x[cle] is not None), key=lambda x: x[cle], reverse=inverse
        )
        lignes = presentes + sorted((x for x in lignes if x[cle] is None), key=lambda x: x["nom"])
    return {"depistage": d, "communes": lignes, "tri": tri, "cle": cle, "inverse": inverse}


def export(code: str) -> dict:
    """Le document JSON publié (valide contre chiffres/schema/chiffres.schema.json)."""
    nr = non_recours_communes(code, "nom")
    d = nr["depistage"]
    return {
        "departement": code,
        "nom": settings.DEPARTEMENTS[code],
        "genere_le": timezone.localtime().isoformat(timespec="seconds"),
        "seuil_secret": registre.SEUIL_SECRET,
        "licence": "Licence Ouverte / Open Licence 2.0",
        "indicateurs": [m.publique() for m in mesures(code)],
        "non_recours_communes": {
            "mois": d.mois if d else None,
            "communes": nr["communes"],
        },
    }
