"""Rows of the access matrix for the bilan: its questionnaire and kept results are public (no
account); opening a person's kept bilan by its code is for the professionals who receive them."""

from comptes.roles import Role
from comptes.tests.matrice import Ligne, selon

OUVRENT = (
    Role.ACCUEIL,
    Role.TRAVAILLEUR_SOCIAL,
    Role.PARTENAIRE,
    Role.INSERTION,
    Role.AIDES_FINANCIERES,
    Role.CONSEILLER_EMPLOI,
)

LIGNES = [
    Ligne("ouvrir un bilan (formulaire)", "get", "/bilan/ouvrir/", selon(OUVRENT)),
    Ligne(
        "ouvrir un bilan par son code", "get", "/bilan/ouvrir/?code={code_bilan}", selon(OUVRENT)
    ),
]


def objets(monde) -> dict:
    from bilan.services import conserver_bilan
    from bilan.tests.test_restitution import RESULTAT, SITUATION

    return {"code_bilan": conserver_bilan(SITUATION, RESULTAT).code_affiche}
