"""Départements named in a query (plain Python, no Django).

"rsa 77", "rsa seine-et-marne", "fsl val de marne": the resident says where they live. The
département's number or name selects the département (its local rights, its versions of the
national pages) and is taken out of the words to match: "77" or "marne" is not what the resident
looks for. A number is read as a département only when it is not a quantity ("25 ans",
"3 enfants", "500 €").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from droits.recherche.normalisation import normaliser
from territoires.referentiel import departements

# Words after a number that make it a quantity, not a département.
UNITES = frozenset(
    """
    an ans annee annees mois semaine semaines jour jours heure heures h euro euros eur e
    enfant enfants personne personnes pourcent pour pourcentage m2 km kg ml pieces piece
    """.split()
)
_CODE = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2a|2b|97[1-6])$")
# One-word names that are also everyday words ("trop cher", "une somme", "le nord de la ville"):
# never read as a département; their number still is.
AMBIGUS = frozenset("cher lot somme nord var ain manche vienne orne creuse landes".split())


@dataclass(frozen=True)
class Extraction:
    texte: str  # the query without the département
    departement: str | None  # its code ("77"), or None


@lru_cache(maxsize=1)
def _noms() -> list[tuple[tuple[str, ...], str]]:
    """Normalised names as word tuples, longest first ("seine et marne" before "marne")."""
    noms = [(tuple(normaliser(nom).split()), code) for code, nom in departements().items()]
    return sorted(noms, key=lambda n: -len(n[0]))


def extraire_departement(texte: str) -> Extraction:
    """The département named in a query, and the query without it. The first one named wins."""
    brut = normaliser(texte or "").split()
    if not brut:
        return Extraction(texte or "", None)
    trouve, debut, fin = None, None, None
    for i, mot in enumerate(brut):
        suivant = brut[i + 1] if i + 1 < len(brut) else ""
        if _CODE.match(mot) and suivant not in UNITES and mot.upper() in departements():
            trouve, debut, fin = mot.upper(), i, i + 1
            break
        for mots_nom, code in _noms():
            n = len(mots_nom)
            if len(mots_nom) > 1 and tuple(brut[i : i + n]) == mots_nom:
                trouve, debut, fin = code, i, i + n
                break
        if trouve:
            break
    if trouve is None:
        # One-word names (Paris, Nord, Var...) only when the query has other words: "nord"
        # alone is a query about the Nord; "aide var" is about the Var.
        for i, mot in enumerate(brut):
            for mots_nom, code in _noms():
                if (
                    len(mots_nom) == 1
                    and mot == mots_nom[0]
                    and len(brut) > 1
                    and mot not in AMBIGUS
                ):
                    trouve, debut, fin = code, i, i + 1
                    break
            if trouve:
                break
    if trouve is None:
        return Extraction(texte, None)
    reste = " ".join(brut[:debut] + brut[fin:])
    return Extraction(reste, trouve)
