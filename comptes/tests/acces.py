"""Rows of the access matrix for the accounts' pages (comptes/tests/test_matrice_acces.py)."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, selon

TOUS = selon(Role)
ADMINISTRATEURS = selon({Role.ADMINISTRATEUR})

LIGNES = [
    Ligne("mon compte", "get", "/comptes/", TOUS),
    Ligne("comptes de ma structure", "get", "/comptes/membres/", ADMINISTRATEURS),
    Ligne("journal d'audit", "get", "/comptes/audit/", ADMINISTRATEURS),
    Ligne("journal d'audit (csv)", "get", "/comptes/audit/export.csv", ADMINISTRATEURS),
]


def objets(monde) -> dict:
    return {}
