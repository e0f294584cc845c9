"""Commune name normalisation and matching (plain Python, no Django).

"Saint-Rémy-l'Honoré", "st remy l honore" and "ST-REMY-L'HONORE" all normalise to
"saint remy l honore": accents dropped, lower case, hyphens/apostrophes/dots as spaces, the
abbreviations St/Ste/Sts/Stes expanded. Search compares normalised strings.
"""

from __future__ import annotations

import re
import unicodedata

_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
CODE_POSTAL = re.compile(r"^\d{5}$")
CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def normaliser(texte: str) -> str:
    """Lower case, no accents, words separated by one space, St/Ste expanded."""
    sans_accents = unicodedata.normalize("NFKD", texte or "")
    sans_accents = "".join(c for c in sans_accents if not unicodedata.combining(c))
    sans_accents = sans_accents.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    mots = _NON_ALNUM.sub(" ", sans_accents.lower()).split()
    return " ".join(_ABREVIATIONS.get(m, m) for m in mots)


def est_code_postal(texte: str) -> bool:
    return bool(CODE_POSTAL.match((texte or "").strip()))


def rang(nom_normalise: str, requete_normalisee: str) -> int:
    """Lower is better: exact name, then name starting with the query, then a word of it."""
    if nom_normalise == requete_normalisee:
        return 0
    if nom_normalise.startswith(requete_normalisee):
        return 1
    if f" {requete_normalisee}" in f" {nom_normalise}":
        return 2
    return 3


_LIBELLE = re.compile(r"^\s*(?P<nom>.*?)\s*\(\s*(?P<cp>\d{5})\s*\)")


def lire_libelle(texte: str) -> tuple[str, str] | None:
    """'Chalon-sur-Saône (71100) — Saône-et-Loire' -> ('Chalon-sur-Saône', '71100'): what the
    autocomplete list puts in the field. None for other texts."""
    m = _LIBELLE.match(texte or "")
    return (m["nom"], m["cp"]) if m and m["nom"] else None


POIDS_SERVI = 10  # the platform's départements
POIDS_EXACT = 3  # the name is exactly what was typed


def cle_classement(
    nom_normalise: str,
    requete_normalisee: str,
    departement: str,
    population: int | None,
    preferes: tuple[str, ...] = (),
    choisi: str | None = None,
) -> tuple:
    """Sort key of a commune for a typed name, lower first.

    Names equal to or starting with the query come before names merely containing it; among
    them, those of the département the user chose (`choisi`) first, then the biggest, the
    population weighed up for the platform's départements (`preferes`) and for an exact name. "chalon" thus gives
    Chalon-sur-Saône (71, 45 000 inhabitants) before Chalon (Isère, 176); "paris" gives Paris
    before Paris-l'Hôpital (71, 300 inhabitants); "montceau" gives Montceau-les-Mines first.
    """
    r = rang(nom_normalise, requete_normalisee)
    poids = POIDS_SERVI if departement in preferes else 1
    if r == 0:
        poids *= POIDS_EXACT
    return (r >= 2, departement != choisi, -(population or 0) * poids, r, nom_normalise)


def choix_evident(trouvees: list, requete_normalisee: str, nom=lambda c: c.nom_normalise):
    """The commune to take without asking, or None (the user picks in the list).

    Taken: the only one found, or the first when its name is exactly what was typed and no
    other found has a name equal to or starting with it ("melun"). "saint-martin" (Saint-Martin
    and the Saint-Martin-…) or "chalon" (Chalon-sur-Saône first, Chalon in the Isère) ask."""
    if not trouvees:
        return None
    if len(trouvees) == 1:
        return trouvees[0]
    if nom(trouvees[0]) != requete_normalisee:
        return None
    if any(rang(nom(c), requete_normalisee) <= 1 for c in trouvees[1:]):
        return None
    return trouvees[0]
