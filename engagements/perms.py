"""Qui peut quoi sur le Schéma et les engagements (Python simple, prend un Acteur)."""

ROLE_PILOTAGE = "pilotage"


def peut_piloter(acteur, departement: str | None = None) -> bool:
    """La direction du pilotage de son département modifie le Schéma et les engagements."""
    if acteur.structure_id is None or acteur.role != ROLE_PILOTAGE:
        return False
    return departement is None or acteur.departement == departement
