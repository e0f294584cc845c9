import pytest

from annuaire.tests.factories import (
    PermanenceFactory,
    SecteurFactory,
    ServiceFactory,
    StructureFactory,
)
from territoires.tests.factories import commune_reelle

pytestmark = pytest.mark.django_db


@pytest.fixture
def melun():
    melun = commune_reelle("77288")
    mds = StructureFactory(typologie="mds", commune=melun, nom="MDS de Melun")
    SecteurFactory(structure=mds, commune=melun)
    ServiceFactory(structure=mds, thematiques=["famille--soutien-a-la-parentalite-et-a-leducation"])
    PermanenceFactory(
        structure=mds, commune=melun, nom="Permanence numérique", horaires="Tu 14:00-17:00"
    )
    return mds


def test_structures_par_commune(client, melun):
    r = client.get("/api/v1/structures", {"commune": "77288", "thematique": "famille"})
    assert r.status_code == 200
    data = r.json()
    assert data["commune"]["nom"] == "Melun" and data["nombre"] == 1
    s = data["structures"][0]
    assert s["nom"] == "MDS de Melun" and s["motif"] == "secteur"
    assert isinstance(s["horaires"]["ouvert_maintenant"], bool)
    assert len(s["horaires"]["prochaines_ouvertures"]) == 3
    perm = s["permanences"][0]
    assert perm["nom"] == "Permanence numérique"
    assert len(perm["horaires"]["prochaines_ouvertures"]) == 3
    assert perm["horaires"]["prochaines_ouvertures"][0]["libelle"].startswith("mardi")


@pytest.mark.parametrize(
    "params,champs",
    [
        ({}, {"commune"}),
        ({"commune": "99999"}, {"commune"}),
        ({"commune": "77288", "thematique": "xyz"}, {"thematique"}),
        ({"commune": "77288", "droit": "pas-un-droit"}, {"droit"}),
        ({"commune": "77288", "typologie": "fusee"}, {"typologie"}),
    ],
)
def test_structures_400_avec_le_champ(client, melun, params, champs):
    r = client.get("/api/v1/structures", params)
    assert r.status_code == 400
    assert {e["champ"] for e in r.json()["erreurs"]} == champs


def test_structure_detail_et_404(client, melun):
    r = client.get(f"/api/v1/structures/{melun.pk}")
    assert r.status_code == 200 and r.json()["identifiant"] == melun.identifiant
    assert client.get("/api/v1/structures/987654").status_code == 404
    assert client.get("/api/v1/structures/abc").status_code == 400


def test_communes(client, melun):
    commune_reelle("71306")
    r = client.get("/api/v1/communes", {"q": "montceau les mines"})
    assert r.status_code == 200 and r.json()[0]["code_insee"] == "71306"
    assert client.get("/api/v1/communes", {"q": "77000"}).json()[0]["nom"] == "Melun"
    r = client.get("/api/v1/communes", {"q": ""})
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "q"


def test_openapi_decrit_l_annuaire(client):
    chemins = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/structures", "/api/v1/structures/{structure_id}", "/api/v1/communes"} <= set(
        chemins
    )
