"""The database does not answer (restart, failover): a French 503 that needs no database, never
a 500 (issue 18). The real restart of a PostgreSQL server under traffic is in
test_serveur_reel.py; these check the answers themselves, on both databases, in milliseconds."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

SESSION = {"sessionid": "a" * 32}


def _refus(*args, **kwargs):
    raise OperationalError("connection failed: Connection refused")


@pytest.fixture
def client_base_coupee(monkeypatch, db):
    """The session (read first, for every agent's request) cannot be read from the database."""
    monkeypatch.setattr(SessionStore, "load", _refus)
    client = Client(raise_request_exception=False)
    client.cookies.load(SESSION)
    return client


def test_page_503_en_francais_sans_base(client_base_coupee):
    r = client_base_coupee.get("/accueil/")
    assert r.status_code == 503
    assert r["Retry-After"] == "30"
    assert "no-store" in r["Cache-Control"]
    page = r.content.decode()
    assert "<h1>Service momentanément indisponible</h1>" in page
    assert '<html lang="fr"' in page and "Traceback" not in page


def test_api_503_json_sans_base(client_base_coupee):
    r = client_base_coupee.get("/api/v1/droits")
    assert r.status_code == 503
    assert r["Content-Type"] == "application/json"
    assert r.json() == {
        "detail": (
            "Service momentanément indisponible : la base de données ne répond pas. "
            "Réessayez dans une minute."
        )
    }


def test_connexion_perdue_aussi_503(monkeypatch, db):
    def perdue(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(SessionStore, "load", perdue)
    client = Client(raise_request_exception=False)
    client.cookies.load(SESSION)
    assert client.get("/droits/").status_code == 503


class _Connexion:
    """Stands for django.db.connection in solidarites.views: its cursor raises `erreur`."""

    def __init__(self, erreur):
        self.erreur = erreur

    def cursor(self):
        raise self.erreur


def test_sante_503_quand_la_base_ne_repond_pas(client, monkeypatch, db):
    assert client.get("/sante/").json() == {"statut": "ok"}
    monkeypatch.setattr("solidarites.views.connection", _Connexion(OperationalError("refus")))
    r = client.get("/sante/")
    assert r.status_code == 503
    assert r.json()["statut"] == "indisponible"
    assert r["Retry-After"] == "30"


def test_sante_jamais_dans_le_cache_des_pages(client, db):
    assert "max-age=0" in client.get("/sante/")["Cache-Control"]


def test_une_autre_erreur_reste_une_500(monkeypatch, db):
    monkeypatch.setattr("solidarites.views.connection", _Connexion(ValueError("bogue")))
    r = Client(raise_request_exception=False).get("/sante/")
    assert r.status_code == 500
