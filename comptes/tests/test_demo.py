"""Demo accounts: one per role, in the demo structures of content/annuaire/ (77 loaded)."""

import pytest
from django.core.management import call_command

from annuaire.chargement import SOURCE_DEMO
from comptes import demo
from comptes.demo import COMPTES_DEMO, MOT_DE_PASSE_DEMO
from comptes.models import Membre
from comptes.roles import Role


@pytest.fixture
def annuaire_77(db):
    call_command("charger_territoires", departement=["77"], verbosity=0)
    call_command("charger_annuaire", departement=["77"], verbosity=0)


def test_pas_de_comptes_sans_demo(annuaire_77, monkeypatch, capsys):
    monkeypatch.delenv("SOLIDARITES_DEMO", raising=False)
    call_command("charger_demo_comptes")
    assert not Membre.objects.exists()


def test_un_compte_de_demonstration_par_role(annuaire_77, monkeypatch, client):
    monkeypatch.setenv("SOLIDARITES_DEMO", "1")
    call_command("charger_demo_comptes", verbosity=0)
    membres = Membre.objects.select_related("structure", "utilisateur")
    assert membres.count() == len(COMPTES_DEMO)
    assert {m.role for m in membres} == {r.value for r in Role}
    assert all(m.demo for m in membres)
    par_nom = {m.utilisateur.username: m for m in membres}
    assert par_nom["demo.mds.accueil"].structure.nom.endswith("de Melun")
    assert par_nom["demo.autre-mds.accueil"].structure.nom.endswith("de Chelles")
    assert par_nom["demo.ccas.partenaire"].structure.typologie == "ccas"
    assert par_nom["demo.insertion"].structure.nom.endswith("Direction de l'insertion")
    assert par_nom["demo.insertion"].structure.typologie == "departement"
    assert par_nom["demo.france-travail"].structure.nom == "France Travail Melun"
    assert par_nom["demo.pilotage"].structure.departement_id == "77"
    r = client.post(
        "/comptes/connexion/", {"username": "demo.commission", "password": MOT_DE_PASSE_DEMO}
    )
    assert r.status_code == 302
    assert client.get("/comptes/").status_code == 200


def test_meme_source_que_l_annuaire():
    assert demo.SOURCE_DEMO == SOURCE_DEMO


def test_la_file_du_premier_compte_a_de_quoi_montrer(annuaire_77, monkeypatch, client):
    """After `make run`, the account the README gives (demo.mds.accueil) finds online
    requests, follow-ups and orientations in its queue."""
    import re

    from django.contrib.auth.models import User

    from chiffres import demo as demo_activite

    monkeypatch.setenv("SOLIDARITES_DEMO", "1")
    call_command("charger_demo_comptes", verbosity=0)
    demo_activite.charger()
    client.force_login(User.objects.get(username=COMPTES_DEMO[0][0]))
    page = client.get("/accueil/").content.decode()
    for titre in ("Nouvelles demandes en ligne", "Suivis à faire dans les 7 jours"):
        assert int(re.search(rf"{titre} \((\d+)\)", page).group(1)) > 0, titre
    assert int(re.search(r"Orientations envoyées par ma structure \((\d+)\)", page).group(1))
