"""Roles of an agent's account within its structure (plain Python, no Django).

An account belongs to one structure of the directory (MDS / EDS, CCAS, association, MDPH…) with
one of these roles. What each role may do is decided in `comptes/permissions.py`.
"""

from enum import StrEnum


class Role(StrEnum):
    ACCUEIL = "accueil"
    TRAVAILLEUR_SOCIAL = "travailleur_social"
    PARTENAIRE = "partenaire"
    ENCADRANT = "encadrant"
    ADMINISTRATEUR = "administrateur"

    @property
    def libelle(self) -> str:
        return LIBELLES[self]


LIBELLES = {
    Role.ACCUEIL: "Agent d'accueil",
    Role.TRAVAILLEUR_SOCIAL: "Travailleur social",
    Role.PARTENAIRE: "Partenaire",
    Role.ENCADRANT: "Encadrant (statistiques seulement)",
    Role.ADMINISTRATEUR: "Administrateur",
}

CHOICES = [(r.value, r.libelle) for r in Role]
