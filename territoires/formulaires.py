"""A commune field that works without JavaScript: free text resolved on the server.

The text may be a name ("st remy"), a postal code or an INSEE code. When several communes
match, the form shows them as a choice list (radio buttons) instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from territoires.models import Commune
from territoires.recherche import choix_evident, lire_libelle, normaliser
from territoires.selectors import commune_par_code, rechercher_communes


@dataclass
class Resolution:
    commune: Commune | None = None
    choix: list[Commune] = field(default_factory=list)
    erreur: str | None = None


def resoudre_commune(
    texte: str, code_choisi: str | None = None, departement_prefere: str | None = None
) -> Resolution:
    """The commune meant by `texte`, or the list to choose from (`choix`), or an error.

    A name is taken without asking only when the best match has exactly that name and no
    other commune found has it ("Melun"); "chalon" offers Chalon-sur-Saône first, then the
    others, each with its postal code and département."""
    texte = (texte or "").strip()
    if code_choisi:
        c = commune_par_code(code_choisi)
        if c:
            return Resolution(commune=c)
    if not texte:
        return Resolution(erreur="Indiquez votre commune (nom ou code postal).")
    trouvees = rechercher_communes(texte, 12, departement_prefere=departement_prefere)
    if not trouvees:
        return Resolution(
            erreur=f"Aucune commune ne correspond à « {texte} ». Vérifiez l'orthographe ou le code postal."
        )
    evidente = choix_evident(trouvees, normaliser(texte))
    if evidente is None and lire_libelle(texte) and len(trouvees) == 1:
        evidente = trouvees[0]
    if evidente is not None:
        return Resolution(commune=evidente)
    return Resolution(choix=trouvees)
