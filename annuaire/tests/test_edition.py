"""A structure's administrator keeps its own directory card (#16): audited, freshness date,
history; nobody else's; each refusal says what it refuses."""

from datetime import date

import pytest

from annuaire.tests.factories import ServiceFactory, StructureFactory
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import agent


@pytest.fixture
def deux(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    a = StructureFactory(nom="CCAS A", date_maj=date(2024, 1, 1))
    b = StructureFactory(nom="CCAS B")
    return a, b


def test_l_administrateur_modifie_sa_fiche(client, deux):
    a, _ = deux
    client.force_login(agent(a, Role.ADMINISTRATEUR))
    assert client.get("/annuaire/ma-fiche/").url == f"/annuaire/structures/{a.pk}/modifier/"
    url = f"/annuaire/structures/{a.pk}/modifier/"
    page = client.get(url).content.decode()
    assert "Horaires d&#x27;accueil" in page and "Enregistrer la fiche" in page
    donnees = {
        "description": "Accueil des habitants.",
        "adresse": "1 place de la Mairie",
        "code_postal": "77000",
        "telephone": "01 23 45 67 89",
        "horaires_accueil": "lundi matin",
    }
    r = client.post(url, donnees)
    assert r.status_code == 400
    assert "<title>Erreur : " in r.content.decode() and "OpenStreetMap" in r.content.decode()
    donnees["horaires_accueil"] = "Mo-Fr 09:00-12:00; PH off"
    r = client.post(url, donnees)
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.horaires_accueil == "Mo-Fr 09:00-12:00; PH off" and a.telephone == "01 23 45 67 89"
    assert a.date_maj == date.today() and a.verifie_le == date.today()
    assert a.history.count() >= 2
    assert EvenementAudit.objects.filter(
        action="modification", objet="structure", objet_id=a.pk
    ).exists()


def test_l_administrateur_modifie_un_service(client, deux):
    a, _ = deux
    sv = ServiceFactory(structure=a, nom="Domiciliation")
    client.force_login(agent(a, Role.ADMINISTRATEUR))
    r = client.post(
        f"/annuaire/services/{sv.pk}/modifier/",
        {"nom": "Domiciliation", "description": "Une adresse pour recevoir son courrier."},
    )
    assert r.status_code == 302 and r.url == f"/annuaire/structures/{a.pk}/modifier/"
    sv.refresh_from_db()
    assert sv.description == "Une adresse pour recevoir son courrier."
    assert EvenementAudit.objects.filter(objet="service", objet_id=sv.pk).exists()


def test_pas_la_fiche_d_une_autre_structure(client, deux):
    a, b = deux
    client.force_login(agent(b, Role.ADMINISTRATEUR))
    assert client.get(f"/annuaire/structures/{a.pk}/modifier/").status_code == 404
    assert EvenementAudit.objects.filter(action="refus", objet="structure").exists()


def test_un_refus_dit_ce_qu_il_refuse(client, deux):
    a, _ = deux
    client.force_login(agent(a, Role.ACCUEIL))
    r = client.get(f"/annuaire/structures/{a.pk}/modifier/")
    page = r.content.decode()
    assert r.status_code == 403
    assert "Seul l&#x27;administrateur d&#x27;une structure peut modifier la fiche" in page
    assert "dossiers des personnes" not in page
