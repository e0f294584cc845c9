"""Rows of the access matrix for the accueil (comptes/tests/test_matrice_acces.py).

A file held by MDS A, with a contact, oriented (sent) to the CCAS with its identity shared.
"lecture": the holder and the structure it was shared with; "écriture": the holder only; lists
and forms: any agent, each seeing only its own structure's data."""

from comptes.roles import Role
from comptes.tests.matrice import AGENTS, Ligne, dans, selon

LECTURE = selon(AGENTS, {"A", "ccas"})
ECRITURE = selon(AGENTS, {"A"})
AGENT = selon(AGENTS)
FILE_A = selon(AGENTS, {"A"})  # an online request in the queue of MDS A
STATISTIQUES = selon(AGENTS | {Role.ENCADRANT, Role.ADMINISTRATEUR})
VOIT = dans("A", "ccas")

LIGNES = [
    Ligne("dossier", "get", "/accueil/personnes/{personne}/", LECTURE),
    Ligne("orientation", "get", "/accueil/orientations/{orientation}/", LECTURE),
    Ligne("modifier dossier", "get", "/accueil/personnes/{personne}/modifier/", ECRITURE),
    Ligne("nouveau contact", "get", "/accueil/personnes/{personne}/contacts/nouveau/", ECRITURE),
    Ligne("modifier contact", "get", "/accueil/contacts/{contact}/modifier/", ECRITURE),
    Ligne("orienter", "get", "/accueil/personnes/{personne}/orienter/", ECRITURE),
    Ligne("export json", "get", "/accueil/personnes/{personne}/export.json", ECRITURE),
    Ligne("export csv", "get", "/accueil/personnes/{personne}/export.csv", ECRITURE),
    Ligne("liste des dossiers", "get", "/accueil/personnes/", AGENT, montre=VOIT),
    Ligne("nouveau dossier", "get", "/accueil/personnes/nouvelle/", AGENT),
    Ligne("demande en ligne", "get", "/accueil/demandes/{demande}/", FILE_A),
    Ligne("statistiques", "get", "/accueil/statistiques/", STATISTIQUES),
    Ligne("statistiques csv", "get", "/accueil/statistiques/export.csv", STATISTIQUES),
    Ligne("api demande en ligne", "get", "/api/v1/accueil/demandes/{demande}", FILE_A),
    Ligne("api dossier", "get", "/api/v1/accueil/personnes/{personne}", LECTURE),
    Ligne("api orientation", "get", "/api/v1/accueil/orientations/{orientation}", LECTURE),
    Ligne("api export", "get", "/api/v1/accueil/personnes/{personne}/export", ECRITURE),
    Ligne("api contact", "get", "/api/v1/accueil/contacts/{contact}", ECRITURE),
    Ligne("api liste", "get", "/api/v1/accueil/personnes", AGENT, montre=VOIT),
    Ligne(
        "api recherche de dossiers",
        "post",
        "/api/v1/accueil/personnes/recherche",
        AGENT,
        montre=VOIT,
        corps={"q": "{personne_nom}"},
    ),
    Ligne("api orientations", "get", "/api/v1/accueil/orientations", AGENT, montre=VOIT),
    Ligne("api file", "get", "/api/v1/accueil/file", AGENT, montre=VOIT),
    Ligne("appel sans réponse demande", "get", "/accueil/demandes/{demande}/sans-reponse/", FILE_A),
    Ligne("appel sans réponse suivi", "get", "/accueil/contacts/{contact}/sans-reponse/", ECRITURE),
    Ligne("api suivi des droits", "get", "/api/v1/accueil/personnes/{personne}/droits", LECTURE),
]


def objets(monde) -> dict:
    from accueil.tests.factories import (
        ContactFactory,
        DemandeFactory,
        OrientationFactory,
        PersonneFactory,
    )

    s = monde["structures"]
    personne = PersonneFactory(structure=s["A"], partage_autorise=["identite", "coordonnees"])
    contact = ContactFactory(personne=personne)
    orientation = OrientationFactory(
        personne=personne, structure_destination=s["ccas"], elements_partages=["identite"]
    )
    demande = DemandeFactory(structure=s["A"])
    return {
        "personne": personne.pk,
        "demande": demande.pk,
        "contact": contact.pk,
        "orientation": orientation.pk,
        "personne_nom": personne.nom,
        "_traces": [personne.nom, personne.reference, f'"personne_id": {personne.pk}'],
    }
