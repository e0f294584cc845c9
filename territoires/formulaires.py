"""A commune field that works without JavaScript: free text resolved on the server.

The text may be a name ("st remy"), a postal code or an INSEE code. When several communes
match, the form shows them as a choice list (radio buttons) instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from territoires.models import Commune
from territoires.recherche import normaliser
from territoires.selectors import commune_par_code, rechercher_communes


@dataclass
class Resolution:
    commune: Commune | None = None
    choix: list[Commune] = field(default_factory=list)
    erreur: str | None = None


def resoudre_commune(texte: str, code_choisi: str | None = None) -> Resolution:
    texte = (texte or "").strip()
    if code_choisi:
        c = commune_par_code(code_choisi)
        if c:
            return Resolution(commune=c)
    if not texte:
        return Resolution(erreur="Indiquez votre commune (nom ou code postal).")
    trouvees = rechercher_communes(texte, 12)
    if not trouvees:
        return Resolution(
            erreur=f"Aucune commune ne correspond à « {texte} ». Vérifiez l'orthographe ou le code postal."
        )
    if len(trouvees) == 1:
        return Resolution(commune=trouvees[0])
    n = normaliser(texte)
    exactes = [c for c in trouvees if c.nom_normalise == n]
    if len(exactes) == 1:
        return Resolution(commune=exactes[0])
    return Resolution(choix=trouvees)
