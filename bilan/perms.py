"""Who may do what with kept bilans (plain Python: takes an `Acteur`).

The public pages of the bilan need no account. A kept bilan is opened by professionals the
person gives its code to: the agents of the reception and the département's services that
instruct rights (insertion, financial aid) and the France Travail advisers."""

from __future__ import annotations

from comptes.permissions import Acteur
from comptes.roles import Role


def peut_ouvrir_bilan(acteur: Acteur) -> bool:
    return acteur.est_agent or acteur.a_le_role(
        Role.INSERTION, Role.AIDES_FINANCIERES, Role.CONSEILLER_EMPLOI
    )


peut_ouvrir_bilan.refus = (
    "Ouvrir le bilan d'une personne avec son code est réservé aux agents qui la reçoivent "
    "(accueil, travailleurs sociaux, partenaires, services d'insertion et d'aides financières, "
    "conseillers France Travail)."
)
