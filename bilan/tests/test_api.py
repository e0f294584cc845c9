"""POST /api/v1/bilan: results, French field errors, OpenAPI description."""

import json

import pytest

from .factories import situation_json


def post(client, data):
    corps = data if isinstance(data, str) else json.dumps(data)
    return client.post("/api/v1/bilan", data=corps, content_type="application/json")


@pytest.mark.django_db
def test_bilan_melun_parent_isole(client, tbs):
    r = post(client, situation_json())
    assert r.status_code == 200
    corps = r.json()
    droits = {d["slug"]: d for d in corps["droits"]}
    assert droits["rsa"]["eligible"] and droits["rsa"]["montant_mensuel"] > 500
    assert droits["aide-logement"]["deja_percu"] is True
    assert droits["aide-logement"]["probablement_non_demande"] is False
    assert droits["rsa"]["probablement_non_demande"] is True
    assert droits["ars"]["periodicite"] == "annuelle" and droits["ars"]["montant"] > 0
    assert droits["fsl-77"]["nature"] == "departemental"
    assert corps["total_mensuel"] == pytest.approx(
        sum(d["montant_mensuel"] for d in corps["droits"] if d["eligible"]), abs=0.01
    )


@pytest.mark.django_db
def test_bilan_erreurs_400_nomment_chaque_champ(client):
    data = situation_json(commune="99999", droits_percus=["inconnu"])
    data["logement"]["loyer"] = -5
    data["personnes"][0]["age"] = 250
    data["personnes"].append({"role": "demandeur", "age": 40})
    r = post(client, data)
    assert r.status_code == 400
    champs = {e["champ"] for e in r.json()["erreurs"]}
    assert {"commune", "logement.loyer", "personnes.0.age", "droits_percus", "personnes"} <= champs
    assert post(client, "{pas du json").status_code == 400
    assert post(client, []).status_code == 400


@pytest.mark.django_db
def test_openapi_decrit_situation_et_resultat(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"Situation", "ResultatBilan", "DroitEvalue"} <= set(schemas)
    assert "mois" in schemas["Situation"]["properties"]


def _menage(nom):
    import yaml

    from .conftest import MENAGES

    with open(MENAGES / f"{nom}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)["situation"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nom", "attendus"),
    [
        ("meaux-adulte-handicap-80-domicile", {"aah", "pch", "cmi", "rqth"}),
        ("melun-couple-retraites-gir4", {"aspa", "css", "cheque-energie", "apa"}),
        # Session 7: PAJE primes (an expected birth; an adopted child)
        ("melun-parent-isole-enceinte", {"prime-naissance"}),
        ("creteil-couple-adoption", {"prime-adoption"}),
    ],
)
def test_nouveaux_droits_par_l_api(client, tbs, nom, attendus):
    """#17, done when: the disabled adult (AAH, PCH, CMI, RQTH) and the retired couple (ASPA,
    CSS, chèque énergie, APA), each with its page (where to apply)."""
    r = post(client, _menage(nom))
    assert r.status_code == 200, r.content
    droits = {d["slug"]: d for d in r.json()["droits"]}
    assert attendus <= {s for s, d in droits.items() if d["eligible"]}
    for slug in attendus:
        assert droits[slug]["page"] and droits[slug]["explication"]
    if "apa" in attendus:
        assert droits["apa"]["page"] == "apa-77"  # the département's own page
        assert droits["cheque-energie"]["periodicite"] == "annuelle"


@pytest.mark.django_db
def test_taux_entre_0_et_1_refuse_par_l_api(client):
    data = situation_json()
    data["personnes"][0]["taux_incapacite"] = 0.8
    r = post(client, data)
    assert r.status_code == 400
    erreurs = {e["champ"]: e["message"] for e in r.json()["erreurs"]}
    assert "80" in erreurs["personnes.0.taux_incapacite"]
