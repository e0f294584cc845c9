"""Lignes de la matrice d'accès de la participation : un comité accueilli par la MDS A (77),
avec un membre, une réunion, une proposition ; un événement du 77 avec une inscription. Gèrent :
la direction du pilotage du 77 (tout) et l'encadrant de la MDS A (son comité) ; le pilotage du
94 et l'encadrant de B ont 404 ; les autres rôles 403. Les pages publiques n'y sont pas."""

from comptes.roles import Role
from comptes.tests.matrice import Compte, Ligne, selon

GESTION = {Role.PILOTAGE, Role.ENCADRANT}


def gere_comite(c: Compte) -> int:
    if c.role not in GESTION:
        return 403
    return 200 if c.structure in ("dep77", "A") else 404


def gere_evenement(c: Compte) -> int:
    if c.role not in GESTION:
        return 403
    return 200 if c.role == Role.PILOTAGE and c.structure == "dep77" else 404


LIGNES = [
    Ligne(
        "gérer la participation",
        "get",
        "/participation/gestion/",
        selon(GESTION),
        montre=lambda c: c.structure in ("dep77", "A"),
    ),
    Ligne("gérer un comité", "get", "/participation/gestion/comites/{comite}/", gere_comite),
    Ligne("réunion", "get", "/participation/gestion/reunions/{reunion}/", gere_comite),
    Ligne("proposition", "get", "/participation/gestion/propositions/{proposition}/", gere_comite),
    Ligne("inscriptions", "get", "/participation/gestion/evenements/{evenement}/", gere_evenement),
]


def objets(monde) -> dict:
    import datetime as dt

    from django.utils import timezone

    from participation.models import (
        Comite,
        Evenement,
        Inscription,
        MembreComite,
        Proposition,
        Reunion,
    )

    c = Comite.objects.create(
        structure=monde["structures"]["A"], nom="Comité Zéphyr (test)", cree_le=dt.date(2024, 1, 1)
    )
    MembreComite.objects.create(
        comite=c,
        prenom="Zoé",
        qualite="habitant",
        consentement_le=dt.date(2025, 1, 1),
        contact_par="aucun",
    )
    r = Reunion.objects.create(comite=c, date=timezone.now(), lieu="MDS", ordre_du_jour="Test")
    p = Proposition.objects.create(
        comite=c, titre="Proposition (test)", texte="x", deposee_le=dt.date(2026, 1, 1)
    )
    e = Evenement.objects.create(
        cle="77-test-matrice",
        departement_id="77",
        titre="Atelier (test)",
        nature="atelier",
        debut=timezone.now(),
        lieu="Melun",
    )
    Inscription.objects.create(
        evenement=e, prenom="Yves", nom="T", qualite="habitant", courriel="y@example.org"
    )
    return {
        "comite": c.pk,
        "reunion": r.pk,
        "proposition": p.pk,
        "evenement": e.pk,
        "_traces": ["Comité Zéphyr"],
    }
