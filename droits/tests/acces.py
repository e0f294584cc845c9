"""Rows of the access matrix for the knowledge base: its pages are public; the list of rights to
re-check is for the content team (admin site accounts), not for any role of a structure."""

from comptes.tests.matrice import Ligne, selon

LIGNES = [Ligne("droits à revérifier", "get", "/droits/a-reverifier/", selon(()))]


def objets(monde) -> dict:
    return {}
