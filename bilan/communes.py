"""Find a commune by name, postal code or INSEE code in the plain referentiel (no database)."""

from __future__ import annotations

from functools import lru_cache

from territoires.recherche import est_code_postal, normaliser, rang
from territoires.referentiel import CommuneRef, commune, communes


@lru_cache(maxsize=1)
def _index() -> list[tuple[str, CommuneRef]]:
    return [(normaliser(c.nom), c) for c in communes().values()]


def chercher_communes(texte: str, limite: int = 12) -> list[CommuneRef]:
    """Communes matching the text, best first (exact name, then prefix, then a word)."""
    texte = (texte or "").strip()
    if not texte:
        return []
    if len(texte) == 5 and commune(texte.upper()) and not est_code_postal(texte):
        return [commune(texte.upper())]
    if est_code_postal(texte):
        trouvees = [c for c in communes().values() if texte in c.codes_postaux]
        if not trouvees and commune(texte):
            trouvees = [commune(texte)]
        return sorted(trouvees, key=lambda c: -(c.population or 0))[:limite]
    requete = normaliser(texte)
    candidats = [
        (rang(nom, requete), -(c.population or 0), c) for nom, c in _index() if requete in nom
    ]
    candidats.sort(key=lambda t: (t[0], t[1]))
    return [c for _, _, c in candidats[:limite]]
