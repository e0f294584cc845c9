"""Roles of an agent's account within its structure (plain Python, no Django).

An account belongs to one structure of the directory (MDS / EDS, CCAS, association, MDPH, a
service of the Département, a France Travail agency…) with one of these roles. What each role may
do is decided by the small predicates of each app (`<app>/perms.py`, `comptes/permissions.py`),
applied through the one gate `comptes/acces.py`. Adding a role: see `docs/modules/comptes.md`.
"""

from enum import StrEnum


class Role(StrEnum):
    ACCUEIL = "accueil"
    TRAVAILLEUR_SOCIAL = "travailleur_social"
    PARTENAIRE = "partenaire"
    ENCADRANT = "encadrant"
    ADMINISTRATEUR = "administrateur"
    # Services of the Département and partners of the next capabilities (issues 13, 14, 15).
    INSERTION = "insertion"
    CONSEILLER_EMPLOI = "conseiller_emploi"
    AIDES_FINANCIERES = "aides_financieres"
    COMMISSION = "commission"
    FINANCES = "finances"
    PILOTAGE = "pilotage"

    @property
    def libelle(self) -> str:
        return LIBELLES[self]


LIBELLES = {
    Role.ACCUEIL: "Agent d'accueil",
    Role.TRAVAILLEUR_SOCIAL: "Travailleur social",
    Role.PARTENAIRE: "Partenaire",
    Role.ENCADRANT: "Encadrant (statistiques seulement)",
    Role.ADMINISTRATEUR: "Administrateur",
    Role.INSERTION: "Service insertion du Département (bénéficiaires du RSA du département)",
    Role.CONSEILLER_EMPLOI: "Conseiller France Travail (accompagnement global)",
    Role.AIDES_FINANCIERES: "Service des aides financières du Département (instruction)",
    Role.COMMISSION: "Membre de la commission des aides",
    Role.FINANCES: "Service des finances (paiements, sans les notes sociales)",
    Role.PILOTAGE: "Direction du pilotage (Schéma, engagements, conventions, chiffres)",
}

CHOICES = [(r.value, r.libelle) for r in Role]
