"""Rows of the access matrix for the directory: its cards are public; the list of cards to update
is for the team that edits the directory in the admin site, not for any role of a structure."""

from comptes.tests.matrice import Ligne, selon

LIGNES = [Ligne("fiches à mettre à jour", "get", "/annuaire/a-mettre-a-jour/", selon(()))]


def objets(monde) -> dict:
    return {}
