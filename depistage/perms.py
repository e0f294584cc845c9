"""Who may do what with a screening (plain Python: takes an `Acteur`, no Django import).

A screening belongs to the structure of the account that uploaded it. Its agents (accueil,
travailleur social, partenaire) see everything and download the per-household results; its
encadrants and administrateurs see the progress and the summary (aggregated figures)."""

from __future__ import annotations

from comptes.permissions import Acteur, peut_voir_statistiques
from comptes.roles import Role


def peut_deposer(acteur: Acteur) -> bool:
    """Upload, resume or delete a screening of its structure."""
    return acteur.est_agent or acteur.a_le_role(Role.ENCADRANT)


peut_deposer.refus = "Votre rôle ne permet pas de déposer, relancer ou supprimer un dépistage."


def peut_acceder(acteur: Acteur) -> bool:
    """See its structure's screenings (progress and summary)."""
    return peut_deposer(acteur) or peut_voir_statistiques(acteur)


peut_acceder.refus = "Votre rôle ne donne pas accès au dépistage."


def peut_telecharger_resultats(acteur: Acteur, structure_id: int) -> bool:
    """The per-household results are personal data: the structure's agents only."""
    return acteur.est_agent and acteur.structure_id == structure_id


REFUS_RESULTATS = "Votre rôle donne accès à la synthèse, pas aux résultats par ménage."
