"""Rows of the access matrix for the directory: its cards are public; the list of cards to update
is for the team that edits the directory in the admin site, not for any role of a structure; a
structure's administrator edits its own card and services (#16), no one else's (404)."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, selon

ADMIN_DE_A = selon((Role.ADMINISTRATEUR,), structures=("A",))

LIGNES = [
    Ligne("fiches à mettre à jour", "get", "/annuaire/a-mettre-a-jour/", selon(())),
    Ligne(
        "ma fiche",
        "get",
        "/annuaire/ma-fiche/",
        lambda c: 302 if c.role == Role.ADMINISTRATEUR else 403,
    ),
    Ligne(
        "modifier la fiche de A", "get", "/annuaire/structures/{structure_a}/modifier/", ADMIN_DE_A
    ),
    Ligne(
        "modifier un service de A", "get", "/annuaire/services/{service_a}/modifier/", ADMIN_DE_A
    ),
]


def objets(monde) -> dict:
    from annuaire.tests.factories import ServiceFactory

    a = monde["structures"]["A"]
    return {"structure_a": a.pk, "service_a": ServiceFactory(structure=a).pk}
