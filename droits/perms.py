"""Who may do what with the knowledge base (plain Python: takes an `Acteur`).

Published rights are public. Drafts and the list of rights to re-verify are for the team that
keeps the content (accounts of the admin site)."""

from __future__ import annotations

from comptes.permissions import Acteur


def peut_relire_contenus(acteur: Acteur) -> bool:
    return acteur.equipe


peut_relire_contenus.refus = "Cette page est réservée à l'équipe qui tient les contenus du site."
