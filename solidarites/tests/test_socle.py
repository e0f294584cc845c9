import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_statiques_en_francais(client):
    for name in ["accessibilite", "mentions_legales", "donnees_personnelles"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert '<html lang="fr"' in response.content.decode()


def test_page_introuvable_en_francais(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_sante(client):
    assert client.get("/sante/").json() == {"statut": "ok"}


def test_openapi_publie(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("Solidarités")
    assert client.get("/api/v1/docs").status_code == 200


def test_api_inconnue_404_json(client):
    response = client.get("/api/v1/nexiste-pas")
    assert response.status_code == 404
