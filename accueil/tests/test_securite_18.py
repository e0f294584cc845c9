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
    from solidarites import limites

    settings.ACCUEIL_DEMANDES_PAR_HEURE = 1
    assert client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.32").status_code == 302
    # Two requests crossing: both pass the read-only pre-check; the atomic count refuses one.
    monkeypatch.setattr(limites, "atteinte", lambda *a, **k: False)
    r = client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.32")
    assert r.status_code == 429
    assert Demande.objects.count() == 1


def test_retrait_du_consentement_arrete_le_partage(client, monde):
    """The partner loses the phone as soon as the person withdraws consent."""
    from accueil import services

    p = monde["personne"]
    o = monde["orientation"]
    o.elements_partages = ["identite", "coordonnees"]
    o.save()
    client.force_login(monde["comptes"]["ccas.partenaire"])
    url = f"/api/v1/accueil/personnes/{p.pk}"
    assert client.get(url).json()["telephone"] == p.telephone

    from django.test import RequestFactory

    req = RequestFactory().post("/")
    req.user = monde["comptes"]["A.accueil"]

    d = services.DonneesPersonne(
        **{
            k: getattr(p, k)
            for k in services.DonneesPersonne.__dataclass_fields__
            if hasattr(p, k) and k != "partage_autorise"
        },
        partage_autorise=["identite"],
    )
    services.modifier_personne(req, p, d)
    o.refresh_from_db()
    assert o.elements_partages == ["identite"]
    corps = client.get(url).json()
    assert corps["telephone"] is None
    assert "coordonnees" not in corps["parties_visibles"]


def test_brouillon_d_orientation_invisible_pour_la_destination(client, monde):
    from accueil.tests.factories import OrientationFactory

    OrientationFactory(
        personne=monde["personne"],
        structure_destination=monde["ccas"],
        statut="proposee",
        envoyee_le=None,
        motif="Motif du brouillon confidentiel",
    )
    client.force_login(monde["comptes"]["ccas.partenaire"])
    page = client.get(f"/accueil/personnes/{monde['personne'].pk}/").content.decode()
    assert "Motif du brouillon" not in page
    assert "Proposée" not in page


def test_api_n_oriente_pas_vers_un_autre_departement(client, monde):
    from annuaire.tests.factories import StructureFactory
    from territoires.tests.factories import DepartementFactory

    dep77 = DepartementFactory(code="77", nom="Seine-et-Marne")
    dep94 = DepartementFactory(code="94", nom="Val-de-Marne")
    monde["mds_a"].departement = dep77
    monde["mds_a"].save()
    ailleurs = StructureFactory(nom="CCAS de Créteil (test)", typologie="ccas", departement=dep94)
    client.force_login(monde["comptes"]["A.accueil"])
    r = client.post(
        f"/api/v1/accueil/personnes/{monde['personne'].pk}/orientations",
        {
            "structure_destination_id": ailleurs.pk,
            "motif": "Test",
            "elements_partages": ["identite"],
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["erreurs"][0]["champ"] == "structure_destination"
    assert "autre département" in r.json()["erreurs"][0]["message"]
