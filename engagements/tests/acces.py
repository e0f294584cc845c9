"""Lignes de la matrice d'accès des engagements : les pages publiques n'y sont pas (ouvertes à
tous) ; changer un statut : la direction du pilotage du département de l'engagement (77 ici),
404 pour celle d'un autre département, 403 pour tout autre rôle."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, selon

LIGNES = [
    Ligne(
        "changer le statut d'un engagement",
        "get",
        "/engagements/engagement/{engagement}/statut/",
        selon({Role.PILOTAGE}, {"dep77"}),
    ),
    Ligne(
        "modifier un engagement",
        "get",
        "/engagements/engagement/{engagement}/modifier/",
        selon({Role.PILOTAGE}, {"dep77"}),
    ),
    Ligne("ajouter un engagement", "get", "/engagements/nouveau/", selon({Role.PILOTAGE})),
]


def objets(monde) -> dict:
    from engagements.models import Engagement, Schema

    s = Schema.objects.create(
        cle="77-test-matrice", departement_id="77", titre="Schéma (test)", annee=2024
    )
    e = Engagement.objects.create(schema=s, numero=1, titre="Engagement (test)", porteur="DGA")
    return {"engagement": e.pk}
