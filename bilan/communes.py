"""Find a commune by name, postal code or INSEE code in the plain referentiel (no database)."""

from __future__ import annotations

from functools import lru_cache

from territoires.recherche import cle_classement, est_code_postal, lire_libelle, normaliser
from territoires.referentiel import CommuneRef, commune, communes, departements


@lru_cache(maxsize=1)
def _index() -> list[tuple[str, CommuneRef]]:
    return [(normaliser(c.nom), c) for c in communes().values()]


def chercher_communes(
    texte: str, limite: int = 12, preferes: tuple[str, ...] = ()
) -> list[CommuneRef]:
    """Communes matching the text, best first (`territoires.recherche.cle_classement`: names
    equal to or starting with the text, the biggest first, weighed up in the `preferes`
    départements). An autocomplete label "Chalon-sur-Saône (71100)" gives that commune."""
    texte = (texte or "").strip()
    if not texte:
        return []
    libelle = lire_libelle(texte)
    if libelle:
        nom, cp = normaliser(libelle[0]), libelle[1]
        meme_cp = [c for n, c in _index() if cp in c.codes_postaux]
        return [c for c in meme_cp if normaliser(c.nom) == nom] or meme_cp[:limite]
    if len(texte) == 5 and commune(texte.upper()) and not est_code_postal(texte):
        return [commune(texte.upper())]
    if est_code_postal(texte):
        trouvees = [c for c in communes().values() if texte in c.codes_postaux]
        if not trouvees and commune(texte):
            trouvees = [commune(texte)]
        return sorted(trouvees, key=lambda c: -(c.population or 0))[:limite]
    requete = normaliser(texte)
    candidats = [
        (cle_classement(nom, requete, c.departement, c.population, preferes), c)
        for nom, c in _index()
        if requete in nom
    ]
    candidats.sort(key=lambda t: t[0])
    return [c for _, c in candidats[:limite]]


def choix_de_communes(trouvees: list[CommuneRef]) -> list[tuple[str, str]]:
    """The choice list offered when a commune's text names several: « Nom (codes postaux) —
    département », one per commune found (the call-back form and the questionnaire)."""
    noms = departements()
    return [
        (
            c.code_insee,
            f"{c.nom} ({', '.join(c.codes_postaux[:3]) or c.departement}) — "
            f"{noms.get(c.departement, c.departement)}",
        )
        for c in trouvees
    ]
