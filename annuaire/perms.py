"""Who may do what with the directory (plain Python: takes an `Acteur`).

Structures' cards are public. The list of cards to update is for the team that keeps the
directory (accounts of the admin site, where cards are edited)."""

from __future__ import annotations

from comptes.permissions import Acteur


def peut_suivre_fraicheur(acteur: Acteur) -> bool:
    return acteur.equipe


peut_suivre_fraicheur.refus = (
    "Cette page est réservée à l'équipe qui tient l'annuaire (comptes de l'administration)."
)
