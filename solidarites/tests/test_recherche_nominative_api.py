"""Agents' name searches never travel in an API URL (issue 18: they ended in the access logs of
the server and of the reverse proxy). Each search is a `POST …/recherche` with the text in the
JSON body, behind the same gate and audit as the list; the GET lists take no name. (RSA:
rsa/tests/test_recherche_api.py.)"""

from __future__ import annotations

import json

import pytest

from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent
from solidarites.api import api

# Query parameters that would carry a person's name, a phone number or free words.
NOMINATIFS = {"q", "nom", "prenom", "recherche", "texte", "telephone", "courriel", "search"}
# Free-text query parameters of authenticated operations that are codes, never names.
CODES = {
    ("get", "/api/v1/accueil/orientations", "statut"),
    ("get", "/api/v1/rsa/beneficiaires", "statut"),
    ("get", "/api/v1/rsa/beneficiaires", "orientation"),
    ("get", "/api/v1/rsa/tableau-de-bord", "mois"),
}
RECHERCHES = {
    "/api/v1/accueil/personnes/recherche",
    "/api/v1/rsa/beneficiaires/recherche",
    "/api/v1/aides-financieres/demandes/recherche",
}


def _texte_libre(schema: dict) -> bool:
    variantes = schema.get("anyOf", [schema])
    return any(
        v.get("type") == "string" and not ({"enum", "format", "pattern"} & v.keys())
        for v in variantes
    )


def test_aucune_operation_ne_prend_une_recherche_nominative_en_parametre():
    """Walk the OpenAPI: an operation that needs an account (it can return people) takes no
    name-like query parameter and no free text except listed codes; public searches (rights,
    communes) are not about people and keep theirs."""
    schema = api.get_openapi_schema()
    fautes, publiques = [], 0
    for chemin, operations in schema["paths"].items():
        for methode, op in operations.items():
            if not op.get("security"):
                publiques += 1
                continue
            for p in op.get("parameters", []):
                if p["in"] != "query":
                    continue
                if p["name"] in NOMINATIFS or (
                    _texte_libre(p["schema"]) and (methode, chemin, p["name"]) not in CODES
                ):
                    fautes.append(f"{methode.upper()} {chemin} ?{p['name']}=")
    assert publiques > 5 and fautes == []
    # Each search takes its text in a strict JSON body, documented.
    for chemin in RECHERCHES:
        op = schema["paths"][chemin]["post"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        corps = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert op["security"] and corps["additionalProperties"] is False
        assert "q" in corps["required"] and corps["properties"]["q"]["maxLength"] <= 200


def _post(client, chemin, corps):
    return client.post(chemin, data=json.dumps(corps), content_type="application/json")


@pytest.fixture
def personnes(db):
    from accueil.tests.factories import PersonneFactory

    mds = StructureFactory(nom="MDS de Melun (test)", typologie="mds")
    autre = StructureFactory(nom="MDS de Meaux (test)", typologie="mds")
    martin = PersonneFactory(structure=mds, nom="Martin", prenom="Léa")
    PersonneFactory(structure=mds, nom="Durand", prenom="Paul")
    PersonneFactory(structure=autre, nom="Martin", prenom="Autre")
    return agent(mds, Role.ACCUEIL), martin


def test_recherche_de_dossiers_par_le_corps(client, personnes):
    compte, martin = personnes
    url = "/api/v1/accueil/personnes/recherche"
    assert _post(client, url, {"q": "mart"}).status_code == 401
    client.force_login(compte)
    r = _post(client, url, {"q": "mart"})
    assert r.status_code == 200
    assert [p["id"] for p in r.json()] == [martin.pk]  # not the other structure's Martin
    assert EvenementAudit.objects.filter(
        utilisateur=compte, action=EvenementAudit.Action.LISTE, objet="personne", chemin=url
    ).exists()
    # The GET list has no name filter: all the structure's files…
    assert len(client.get("/api/v1/accueil/personnes").json()) == 2
    # …and an old client's `?q=` is refused, naming the operation to use.
    r = client.get("/api/v1/accueil/personnes", {"q": "Martin"})
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "q"
    assert url in r.json()["erreurs"][0]["message"]
    # Strict body: empty text, unknown field, missing text.
    for corps, champ in (({"q": ""}, "q"), ({"q": "a", "nom": "x"}, "nom"), ({}, "q")):
        r = _post(client, url, corps)
        assert r.status_code == 400 and [e["champ"] for e in r.json()["erreurs"]] == [champ]


def test_recherche_des_demandes_d_aide_par_le_corps(client, db):
    from aides_financieres.tests.factories import DemandeAideFactory

    ccas = StructureFactory(nom="CCAS de Melun (test)", typologie="ccas")
    d = DemandeAideFactory(structure=ccas, personne__nom="Martin")
    DemandeAideFactory(structure=ccas, personne__nom="Durand")
    client.force_login(agent(ccas, Role.TRAVAILLEUR_SOCIAL))
    url = "/api/v1/aides-financieres/demandes/recherche"
    r = _post(client, url, {"q": "martin"})
    assert r.status_code == 200 and [x["id"] for x in r.json()] == [d.pk]
    r = _post(client, url, {"q": d.reference, "statut": "deposee"})
    assert [x["id"] for x in r.json()] == [d.pk]
    assert _post(client, url, {"q": d.reference, "statut": "payee"}).json() == []
    assert _post(client, url, {"q": "martin", "statut": "inconnu"}).status_code == 400
    assert EvenementAudit.objects.filter(objet="demande_aide", chemin=url).count() == 3
    assert len(client.get("/api/v1/aides-financieres/demandes").json()) == 2
    r = client.get("/api/v1/aides-financieres/demandes", {"q": "martin"})
    assert r.status_code == 400 and url in r.json()["erreurs"][0]["message"]
