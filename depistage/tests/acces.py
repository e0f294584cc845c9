"""Rows of the access matrix for the screening: a screening belongs to the structure that
uploaded it (here MDS A); its agents and encadrants upload, its administrateurs see the summaries;
other structures get 404, the other roles 403."""

from comptes.roles import Role
from comptes.tests.matrice import AGENTS, Ligne, selon

ACCES = AGENTS | {Role.ENCADRANT, Role.ADMINISTRATEUR}

LIGNES = [
    Ligne("dépistages de ma structure", "get", "/depistage/", selon(ACCES)),
    Ligne("un dépistage", "get", "/depistage/{depistage}/", selon(ACCES, {"A"})),
]


def objets(monde) -> dict:
    from depistage.models import Depistage
    from depistage.tests.factories import DepistageFactory

    dep = DepistageFactory(structure=monde["structures"]["A"], statut=Depistage.Statut.TERMINE)
    return {"depistage": dep.pk}
