"""Rows of the access matrix for the operators' pages: the jobs page is for administrators
(any structure: jobs hold no personal data, only their kind, state and error class)."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, selon

LIGNES = [
    Ligne("tâches en arrière-plan", "get", "/exploitation/taches/", selon({Role.ADMINISTRATEUR})),
]


def objets(monde) -> dict:
    return {}
