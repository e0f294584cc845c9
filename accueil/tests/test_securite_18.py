"""Issue 18, "Found when probed": fixes in the online request and orientations."""

import pytest

from accueil.models import Demande
from accueil.tests.test_parcours import FORMULAIRE

pytestmark = pytest.mark.django_db


def test_commune_hors_des_departements_servis_dirigee_ailleurs(client, monde):
    r = client.post(
        "/accueil/demande/", {**FORMULAIRE, "commune": "69123"}, REMOTE_ADDR="10.0.0.31"
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert "pas dans un département servi ici" in page
    assert "Rhône" in page
    assert "sous 2 jours" not in page
    assert not Demande.objects.exists()


def test_limite_comptee_dans_la_transaction(client, monde, settings, monkeypatch):
    from accueil import services

    settings.ACCUEIL_DEMANDES_PAR_HEURE = 1
    assert client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.32").status_code == 302
    # Two requests crossing: both pass the read-only pre-check; the atomic count refuses one.
    monkeypatch.setattr(services, "trop_de_demandes", lambda ip: False)
    r = client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.32")
    assert r.status_code == 429
    assert Demande.objects.count() == 1
