from datetime import date

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import RequestFactory

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
    commune_reelle("77152")  # Dammarie-les-Lys, 77190
    mds = StructureFactory(
        typologie="mds", commune=melun, nom="MDS de Melun", a_verifier=True, demo=True
    )
    SecteurFactory(structure=mds, commune=melun)
    ServiceFactory(structure=mds, thematiques=["famille--soutien-a-la-parentalite-et-a-leducation"])
    PermanenceFactory(
        structure=mds, commune=melun, nom="Permanence numérique", horaires="Tu 14:00-17:00"
    )
    return mds


def test_formulaire_vide(client):
    r = client.get("/annuaire/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="commune"' in html and 'name="thematique"' in html and 'name="droit"' in html
    assert "Revenu de solidarité active" in html  # rights listed from the knowledge base


def test_recherche_par_nom_et_besoin(client, melun):
    r = client.get("/annuaire/", {"commune": "melun", "thematique": "famille"})
    html = r.content.decode()
    assert "1 lieu pour Melun" in html
    assert "MDS de Melun" in html and "Permanence numérique" in html
    assert "Prochaines dates" in html and "mardi" in html
    assert "À vérifier" in html and "Démonstration" in html
    assert (
        "Votre lieu d&#x27;accueil de secteur" in html or "Votre lieu d'accueil de secteur" in html
    )


def test_recherche_par_droit(client, melun):
    r = client.get("/annuaire/", {"commune": "77000", "droit": "rsa"})
    assert "Revenu de solidarité active (RSA)" in r.content.decode()
    assert "MDS de Melun" in r.content.decode()


def test_commune_ambigue_propose_un_choix(client, melun):
    commune_reelle("71475")  # Saint-Rémy (71)
    commune_reelle("79293")  # Saint-Rémy (79)
    r = client.get("/annuaire/", {"commune": "st remy"})
    html = r.content.decode()
    assert "Plusieurs communes correspondent" in html
    assert 'value="71475"' in html and 'value="79293"' in html
    r = client.get("/annuaire/", {"commune": "st remy", "code_commune": "77288"})
    assert "MDS de Melun" in r.content.decode()


def test_erreurs_liees_au_champ(client, melun):
    r = client.get("/annuaire/", {"commune": "qwertyuiop"})
    html = r.content.decode()
    assert 'aria-describedby="id_commune_helptext id_commune-erreur"' in html
    assert "Aucune commune ne correspond" in html
    r = client.get("/annuaire/", {"commune": ""})
    assert "Indiquez votre commune" in r.content.decode()
    r = client.get("/annuaire/", {"commune": "melun", "thematique": "pas-une-thematique"})
    assert r.status_code == 200 and "choisissez dans la liste" in r.content.decode()


def test_fiche_structure(client, melun):
    r = client.get(f"/annuaire/structures/{melun.pk}/")
    html = r.content.decode()
    assert r.status_code == 200 and "<h1>MDS de Melun</h1>" in html
    assert "Communes du secteur (1)" in html and "Soutien à la parentalité" in html
    assert client.get("/annuaire/structures/999999/").status_code == 404


def test_fiches_a_mettre_a_jour_reservee(client, melun):
    StructureFactory(nom="Vieille fiche", date_maj=date(2020, 1, 1), commune=melun.commune)
    assert client.get("/annuaire/a-mettre-a-jour/").status_code == 302
    agent = User.objects.create_user("agent", password="x")
    client.force_login(agent)
    assert client.get("/annuaire/a-mettre-a-jour/").status_code == 403
    agent.is_staff = True  # the team that edits the directory in the admin site
    agent.save()
    client.force_login(agent)
    r = client.get("/annuaire/a-mettre-a-jour/")
    html = r.content.decode()
    assert r.status_code == 200 and "Vieille fiche" in html and "MDS de Melun" not in html
    assert "la relire" in html


def test_bloc_ou_s_adresser_d_un_droit(melun):
    gabarit = Template("{% load annuaire_tags %}{% ou_s_adresser_droit droit %}")
    requete = RequestFactory().get("/droits/rsa/", {"commune": "Melun"})
    html = gabarit.render(Context({"droit": "rsa", "request": requete}))
    assert "1 lieu pour Melun" in html and "MDS de Melun" in html
    requete = RequestFactory().get("/droits/rsa/")
    html = gabarit.render(Context({"droit": "rsa", "request": requete}))
    assert 'name="commune"' in html and "MDS de Melun" not in html
    requete = RequestFactory().get("/droits/rsa/", {"commune": "zzzz"})
    html = gabarit.render(Context({"droit": "rsa", "request": requete}))
    assert "Aucune commune ne correspond" in html and 'aria-invalid="true"' in html


def test_admin_structure_avec_historique(client, melun):
    admin = User.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    for url in (
        f"/admin/annuaire/structure/{melun.pk}/change/",
        f"/admin/annuaire/structure/{melun.pk}/history/",
        "/admin/annuaire/permanence/",
        "/admin/annuaire/secteur/?q=Melun",
        "/admin/territoires/commune/?q=melun",
    ):
        assert client.get(url).status_code == 200, url
    melun.telephone = "01 99 00 00 09"
    melun.save()
    assert melun.history.count() >= 2
