"""Qui peut quoi sur le Schéma et les engagements (Python simple, prend un Acteur)."""

from comptes.permissions import pilote_le_departement


def peut_piloter(acteur, departement: str | None = None) -> bool:
    """La direction du pilotage de son département modifie le Schéma et les engagements."""
    return pilote_le_departement(acteur, departement)
