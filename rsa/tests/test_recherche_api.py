"""The RSA beneficiaries' name search goes in the JSON body of a POST, never in the URL (issue
18); the GET list takes no name. See solidarites/tests/test_recherche_nominative_api.py."""

import json

from comptes.models import EvenementAudit


def _post(client, chemin, corps):
    return client.post(chemin, data=json.dumps(corps), content_type="application/json")


def test_recherche_rsa_par_le_corps(client, monde_rsa):
    b = monde_rsa["beneficiaire"]
    client.force_login(monde_rsa["comptes"]["insertion"])
    url = "/api/v1/rsa/beneficiaires/recherche"
    nom = b.personne.nom[:4]
    r = _post(client, url, {"q": nom, "limite": 10})
    assert r.status_code == 200 and b.pk in [x["id"] for x in r.json()["resultats"]]
    r = _post(client, url, {"q": b.numero_allocataire})
    assert [x["id"] for x in r.json()["resultats"]] == [b.pk]
    assert _post(client, url, {"q": "zzzz"}).json() == {"total": 0, "resultats": []}
    assert EvenementAudit.objects.filter(objet="beneficiaire_rsa", chemin=url).count() == 3
    r = _post(client, url, {"q": nom, "limite": 0})
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "limite"
    r = client.get("/api/v1/rsa/beneficiaires", {"q": nom})
    assert r.status_code == 400 and url in r.json()["erreurs"][0]["message"]
    assert client.get("/api/v1/rsa/beneficiaires", {"limite": 501}).status_code == 400
    assert client.get("/api/v1/rsa/beneficiaires").json()["total"] == 1
    # Another structure's social worker does not find the person by name.
    client.force_login(monde_rsa["comptes"]["autre_ts"])
    assert _post(client, url, {"q": nom}).json()["total"] == 0
