"""#16, the agent's side: the commune asked by its name in the file's form (never an INSEE code
to type), and the duplicate warning on creation (same names, or same phone, among the files
the agent may open; the API answers 409 with the matches unless confirmed)."""

from __future__ import annotations

from accueil.models import Personne
from accueil.tests.factories import OrientationFactory, PersonneFactory
from territoires.models import Commune
from territoires.tests.factories import CommuneFactory


def _communes():
    Commune.objects.filter(pk="77288").update(population=41000)
    CommuneFactory(code_insee="77495", nom="Vaux-le-Pénil", codes_postaux="77000", population=11000)
    CommuneFactory(
        code_insee="71076", nom="Chalon-sur-Saône", codes_postaux="71100", population=45000
    )
    CommuneFactory(code_insee="38074", nom="Chalon", codes_postaux="38122", population=176)


def test_commune_par_son_nom_et_choix_si_plusieurs(client, monde):
    _communes()
    client.force_login(monde["comptes"]["A.accueil"])
    page = client.get("/accueil/personnes/nouvelle/").content.decode()
    assert "code INSEE" not in page and "data-communes" in page
    base = {"nom": "Nouvelle", "prenom": "Inès", "telephone": "07 11 22 33 44"}
    r = client.post("/accueil/personnes/nouvelle/", {**base, "commune": "melun"})
    assert r.status_code == 302
    assert Personne.objects.get(nom="Nouvelle").commune_code == "77288"
    # "77000": two communes share the postcode -> the list, the biggest first; nothing written
    r = client.post("/accueil/personnes/nouvelle/", {**base, "nom": "Autre", "commune": "77000"})
    page = r.content.decode()
    assert r.status_code == 200 and "Plusieurs communes correspondent" in page
    assert page.index("Melun (77000)") < page.index("Vaux-le-Pénil (77000)")
    assert not Personne.objects.filter(nom="Autre").exists()
    r = client.post(
        "/accueil/personnes/nouvelle/",
        {**base, "nom": "Autre", "telephone": "", "commune": "77000", "commune_code": "77495"},
    )
    assert r.status_code == 302 and Personne.objects.get(nom="Autre").commune_code == "77495"
    r = client.post("/accueil/personnes/nouvelle/", {**base, "nom": "Z", "commune": "Zzyzx"})
    assert "Aucune commune ne correspond" in r.content.decode()


def test_modifier_montre_la_commune_par_son_nom(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    p = monde["personne"]
    page = client.get(f"/accueil/personnes/{p.pk}/modifier/").content.decode()
    assert 'value="Melun (77000)"' in page
    donnees = {"nom": p.nom, "prenom": p.prenom, "commune": "Melun (77000)"}
    assert client.post(f"/accueil/personnes/{p.pk}/modifier/", donnees).status_code == 302
    p.refresh_from_db()
    assert p.commune_code == "77288"


def test_api_commune_par_nom_ou_par_code(client, monde):
    _communes()
    client.force_login(monde["comptes"]["A.accueil"])
    url = "/api/v1/accueil/personnes"
    r = client.post(url, {"nom": "Api", "prenom": "Une", "commune": "Melun"}, "application/json")
    assert r.status_code == 201 and r.json()["commune_code"] == "77288"
    r = client.post(url, {"nom": "Api", "prenom": "Deux", "commune": "chalon"}, "application/json")
    assert r.status_code == 400
    assert r.json()["erreurs"][0]["champ"] == "commune"
    body = {"nom": "Api", "prenom": "Deux", "commune_code": "71076"}
    r = client.post(url, body, "application/json")
    assert r.status_code == 201 and r.json()["commune_code"] == "71076"


def test_doublon_par_telephone_page_et_api(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    p = monde["personne"]  # 06 12 34 56 78
    donnees = {"nom": "Toutautre", "prenom": "Nom", "telephone": "+33 6 12 34 56 78"}
    r = client.post("/accueil/personnes/nouvelle/", donnees)
    page = r.content.decode()
    assert r.status_code == 200 and "même numéro de téléphone" in page
    assert f'href="/accueil/personnes/{p.pk}/"' in page
    r = client.post("/api/v1/accueil/personnes", donnees, "application/json")
    assert r.status_code == 409
    assert r.json()["doublons"] == [
        {
            "id": p.pk,
            "reference": p.reference,
            "certitude": "telephone",
            "nom": f"{p.prenom} {p.nom}",
            "lien": f"/accueil/personnes/{p.pk}/",
        }
    ]
    r = client.post(
        "/api/v1/accueil/personnes", {**donnees, "confirmer_nouveau": True}, "application/json"
    )
    assert r.status_code == 201


def test_doublon_d_un_dossier_partage_seulement_par_ce_qui_est_partage(client, monde):
    """The CCAS received the file with the identity only: a name match warns, the phone (not
    shared) does not; another structure learns nothing."""
    p = monde["personne"]
    client.force_login(monde["comptes"]["ccas.partenaire"])
    body = {"nom": "Xyz", "prenom": "Abc", "telephone": p.telephone}
    r = client.post("/api/v1/accueil/personnes", body, "application/json")
    assert r.status_code == 201
    body = {"nom": p.nom, "prenom": p.prenom, "date_naissance": p.date_naissance.isoformat()}
    r = client.post("/api/v1/accueil/personnes", body, "application/json")
    assert r.status_code == 409 and r.json()["doublons"][0]["id"] == p.pk
    # B: the same names, the same phone -> no warning
    client.force_login(monde["comptes"]["B.accueil"])
    r = client.post(
        "/api/v1/accueil/personnes", {**body, "telephone": p.telephone}, "application/json"
    )
    assert r.status_code == 201


def test_doublon_non_partage_ne_fuit_pas(client, monde):
    autre = PersonneFactory(structure=monde["mds_b"], telephone="07 99 88 77 66")
    OrientationFactory(personne=autre, structure_destination=monde["ccas"], elements_partages=[])
    client.force_login(monde["comptes"]["ccas.partenaire"])
    body = {"nom": autre.nom, "prenom": autre.prenom, "telephone": "07 99 88 77 66"}
    r = client.post("/api/v1/accueil/personnes", body, "application/json")
    assert r.status_code == 201
