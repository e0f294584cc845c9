"""An agent opens a person's kept bilan with its code (#16): answers, reasons, audited."""

import pytest

from annuaire.tests.factories import StructureFactory
from bilan.services import conserver_bilan
from bilan.tests.test_restitution import RESULTAT, SITUATION
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import agent


@pytest.fixture
def mds(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return StructureFactory(nom="MDS", typologie="mds")


def test_ouvrir_avec_le_code(client, mds):
    conserve = conserver_bilan(SITUATION, RESULTAT)
    client.force_login(agent(mds, Role.ACCUEIL))
    r = client.get("/bilan/ouvrir/", {"code": conserve.code_affiche.lower().replace("-", " ")})
    page = r.content.decode()
    assert r.status_code == 200
    assert "Les réponses de la personne" in page and "loyer de 650,50 € par mois" in page
    assert "Revenu de solidarité active (RSA)" in page and "412,00 € par mois" in page
    assert "Pas de handicap déclaré." in page  # the reason of a right not open too
    evenement = EvenementAudit.objects.get(action="consultation", objet="bilan")
    assert evenement.objet_id == conserve.pk


def test_code_inconnu_et_role_refuse(client, mds):
    client.force_login(agent(mds, Role.ACCUEIL))
    r = client.get("/bilan/ouvrir/", {"code": "ZZZZZZZZ"})
    assert r.status_code == 400 and "<title>Erreur : " in r.content.decode()
    client.force_login(agent(mds, Role.ENCADRANT))
    r = client.get("/bilan/ouvrir/")
    assert r.status_code == 403 and "réservé aux agents qui la reçoivent" in r.content.decode()
