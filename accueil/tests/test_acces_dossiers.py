"""Access to people's files beyond the matrix (comptes/tests/test_matrice_acces.py, rows in
accueil/tests/acces.py): what a partner sees of a shared file, refusals audited, shares cut."""

from comptes.models import EvenementAudit


def test_partenaire_ne_voit_que_le_partage(client, monde):
    """The CCAS received identity only: no phone number, no contacts."""
    client.force_login(monde["comptes"]["ccas.partenaire"])
    d = client.get(f"/api/v1/accueil/personnes/{monde['personne'].pk}").json()
    assert d["nom"] == monde["personne"].nom
    assert d["telephone"] is None and d["commune_code"] is None
    assert d["contacts"] == []
    page = client.get(f"/accueil/personnes/{monde['personne'].pk}/").content.decode()
    assert monde["personne"].telephone not in page
    assert "Conseils de test" not in page


def test_refus_journalise(client, monde):
    """Another structure gets 404 (as if the file did not exist) and the refusal is audited."""
    client.force_login(monde["comptes"]["B.accueil"])
    assert client.get(f"/accueil/personnes/{monde['personne'].pk}/").status_code == 404
    e = EvenementAudit.objects.get(action="refus")
    assert e.personne_id == monde["personne"].pk and e.identifiant == "b-accueil"
    r = client.get(f"/api/v1/accueil/personnes/{monde['personne'].pk}")
    assert r.status_code == 404 and r.json() == {"detail": "Ressource introuvable."}
    assert EvenementAudit.objects.filter(action="refus", canal="api").count() == 1


def test_orientation_refusee_coupe_le_partage(client, monde):
    o = monde["orientation"]
    o.statut = "refusee"
    o.save()
    client.force_login(monde["comptes"]["ccas.partenaire"])
    assert client.get(f"/accueil/personnes/{monde['personne'].pk}/").status_code == 404


def test_inexistant_404(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    assert client.get("/api/v1/accueil/personnes/999999").status_code == 404
    assert client.get("/api/v1/accueil/personnes/999999").json() == {
        "detail": "Ressource introuvable."
    }
    assert client.get("/accueil/personnes/999999/").status_code == 404
    assert not EvenementAudit.objects.filter(action="refus").exists()


def test_role_refuse_403_avec_message(client, monde):
    """A role without access to files: 403 with a French message (not 404)."""
    client.force_login(monde["comptes"]["A.encadrant"])
    r = client.get(f"/api/v1/accueil/personnes/{monde['personne'].pk}")
    assert r.status_code == 403 and "dossiers des personnes" in r.json()["detail"]
    assert client.get(f"/accueil/personnes/{monde['personne'].pk}/").status_code == 403
