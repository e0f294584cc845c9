"""Who may do what with the directory (plain Python: takes an `Acteur`).

Structures' cards are public. The list of cards to update is for the team that keeps the
directory (accounts of the admin site, where cards are edited)."""

from __future__ import annotations

from comptes.permissions import Acteur
from comptes.roles import Role


def peut_suivre_fraicheur(acteur: Acteur) -> bool:
    return acteur.equipe


peut_suivre_fraicheur.refus = (
    "Cette page est réservée à l'équipe qui tient l'annuaire (comptes de l'administration)."
)


def peut_tenir_sa_fiche(acteur: Acteur) -> bool:
    """A structure's administrator keeps its own directory card up to date (hours, contact,
    services); the directory team keeps every card."""
    return acteur.equipe or acteur.a_le_role(Role.ADMINISTRATEUR)


peut_tenir_sa_fiche.refus = (
    "Seul l'administrateur d'une structure peut modifier la fiche de sa structure dans "
    "l'annuaire (horaires, coordonnées, services)."
)


def fiches_modifiables(acteur: Acteur) -> dict:
    """Filter of the structures this actor may edit: its own, or all for the directory team."""
    if acteur.equipe:
        return {}
    return {"pk": acteur.structure_id if peut_tenir_sa_fiche(acteur) else -1}
