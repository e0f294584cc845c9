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
