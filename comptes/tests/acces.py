"""Rows of the access matrix for the accounts' pages (comptes/tests/test_matrice_acces.py)."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, dans, selon

TOUS = selon(Role)
ADMINISTRATEURS = selon({Role.ADMINISTRATEUR})

LIGNES = [
    Ligne("mon compte", "get", "/comptes/", TOUS),
    Ligne("comptes de ma structure", "get", "/comptes/membres/", ADMINISTRATEURS),
    Ligne("journal d'audit", "get", "/comptes/audit/", ADMINISTRATEURS),
    Ligne("journal d'audit (csv)", "get", "/comptes/audit/export.csv", ADMINISTRATEURS),
    Ligne(
        "demandes d'accès ProConnect",
        "get",
        "/comptes/demandes-acces/",
        ADMINISTRATEURS,
        montre=dans("A"),
    ),
    Ligne(
        "demande d'accès ProConnect (une)",
        "get",
        "/comptes/demandes-acces/{demande_acces}/",
        selon({Role.ADMINISTRATEUR}, {"A"}),
    ),
]


def objets(monde) -> dict:
    from comptes.models import DemandeAcces

    demande = DemandeAcces.objects.create(
        courriel="agent.matrice@exemple.fr",
        prenom="Dominique",
        nom="Matrice-Demande",
        structure=monde["structures"]["A"],
    )
    return {"demande_acces": demande.pk, "_traces": ["Matrice-Demande"]}
