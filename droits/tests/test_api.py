def test_recherche_classee(client, droits_test):
    r = client.get("/api/v1/droits", {"q": "je n'arrive plus à payer mon loyer"})
    assert r.status_code == 200
    data = r.json()
    assert {d["slug"] for d in data[:2]} == {"fsl", "aide-logement"}
    premier = data[0]
    assert set(premier) == {"slug", "titre", "resume", "url", "territoire", "thematiques", "score"}
    assert premier["url"] == f"http://testserver/droits/{premier['slug']}/"
    scores = [d["score"] for d in data]
    assert scores == sorted(scores, reverse=True)


def test_filtres_departement_et_thematique(client, droits_test):
    data = client.get("/api/v1/droits", {"q": "impayé de loyer", "departement": "94"}).json()
    slugs = [d["slug"] for d in data]
    assert "fsl-94" in slugs and "fsl" not in slugs
    data = client.get("/api/v1/droits", {"thematique": "sante", "limite": 100}).json()
    assert {d["slug"] for d in data} == {"css", "pch"}
    assert all(d["score"] is None for d in data)
    data = client.get("/api/v1/droits", {"departement": "77", "limite": 100}).json()
    slugs = {d["slug"] for d in data}
    assert "pass-le-cap" in slugs and "fsl-94" not in slugs and "aides-financieres-71" not in slugs


def test_parametres_invalides_400_en_francais(client, droits_test):
    r = client.get("/api/v1/droits", {"departement": "13", "thematique": "jardinage"})
    assert r.status_code == 400
    erreurs = {e["champ"]: e["message"] for e in r.json()["erreurs"]}
    assert erreurs["departement"].startswith("Département inconnu : « 13 »")
    assert erreurs["thematique"].startswith("Thématique inconnue : « jardinage »")
    r = client.get("/api/v1/droits", {"limite": 0})
    assert r.status_code == 400
    assert r.json()["erreurs"][0]["champ"] == "limite"


def test_droit_complet_et_404(client, droits_test):
    r = client.get("/api/v1/droits/fsl")
    assert r.status_code == 200
    data = r.json()
    assert data["slug"] == "fsl" and data["variantes"] == ["fsl-94"]
    assert data["ce_que_ca_apporte"]["periodicite"] == "ponctuelle"
    assert data["sources"][0]["url"].startswith("https://")
    assert client.get("/api/v1/droits/fsl-94").json()["variante_de"] == "fsl"
    r = client.get("/api/v1/droits/inconnu")
    assert r.status_code == 404
    assert r.json() == {"detail": "Ressource introuvable."}


def test_droit_avec_sa_regle_et_ses_montants(client, db):
    """A right's file is one: the API gives the page, its quoted amounts and its rule."""
    from droits.tests.factories import DroitFactory

    regle = {
        "profils": [
            {"type": "tous", "conditions": [{"type": "quotient_familial", "ceiling": 800}]}
        ],
        "explication": "Vos ressources sont modestes.",
    }
    montants = [{"texte": "10", "openfisca": "prestations_sociales.x.y"}]
    DroitFactory(slug="aide-locale", territoire="77", regle=regle, montants=montants)
    data = client.get("/api/v1/droits/aide-locale").json()
    assert data["regle"]["profils"][0]["conditions"][0]["ceiling"] == 800
    assert data["regle"]["explication"] == "Vos ressources sont modestes."
    assert data["montants"][0]["openfisca"] == "prestations_sociales.x.y"
    DroitFactory(slug="sans-regle")
    sans = client.get("/api/v1/droits/sans-regle").json()
    assert sans["regle"] is None and sans["montants"] == []


def test_brouillon_absent_de_l_api(client, droits_test):
    from droits.models import Droit

    Droit.objects.filter(slug="css").update(statut=Droit.Statut.BROUILLON)
    assert client.get("/api/v1/droits/css").status_code == 404
    assert "css" not in {d["slug"] for d in client.get("/api/v1/droits?limite=100").json()}


def test_openapi_decrit_les_schemas(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/droits" in spec["paths"] and "/api/v1/droits/{slug}" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"DroitResume", "DroitComplet"} <= set(schemas)
    assert "score" in schemas["DroitResume"]["properties"]
