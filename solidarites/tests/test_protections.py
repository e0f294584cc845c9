"""Request-level protections of issue 18 ("Found when probed"): each test would have caught it."""

import json

import pytest
from django.test import Client, override_settings

from solidarites.middleware import _adresse_client

pytestmark = pytest.mark.django_db


# --- NUL byte: a French 400 everywhere (JSON on the API), never a 500 -------------------------


def test_octet_nul_dans_la_chaine_de_requete_page():
    r = Client().get("/droits/", {"q": "rsa\x00"})
    assert r.status_code == 400
    assert "caractère nul" in r.content.decode()
    assert r["Content-Type"].startswith("text/html")


def test_octet_nul_dans_la_chaine_de_requete_api():
    r = Client().get("/api/v1/droits", {"q": "a\x00b"})
    assert r.status_code == 400
    corps = r.json()
    assert corps["detail"] == "La requête contient un caractère invalide."
    assert corps["erreurs"][0]["champ"] == "__all__"


def test_octet_nul_dans_un_json_echappe():
    corps = '{"commune": "77288\\u0000", "personnes": []}'
    r = Client().post("/api/v1/bilan", corps, content_type="application/json")
    assert r.status_code == 400
    assert "caractère nul" in r.json()["erreurs"][0]["message"]


def test_octet_nul_dans_un_formulaire():
    r = Client().post("/accueil/demande/", {"prenom": "A\x00", "commune": "77288"})
    assert r.status_code == 400
    assert "caractère nul" in r.content.decode()


def test_octet_nul_dans_le_chemin():
    r = Client().get("/droits/a%00b/")
    assert r.status_code == 400


# --- bodies: oversized, malformed, CSRF: French JSON on the API ------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_corps_trop_gros_api_json_francais():
    r = Client().post("/api/v1/bilan", "x" * 5000, content_type="application/json")
    assert r.status_code == 413
    assert r.json()["detail"] == "La requête est trop volumineuse."


def test_json_mal_forme_api_francais():
    r = Client().post("/api/v1/bilan", "{pas du json", content_type="application/json")
    assert r.status_code == 400
    corps = r.json()
    assert "JSON" in corps["detail"] or any("JSON" in e["message"] for e in corps["erreurs"])


def test_echec_csrf_api_en_json_francais(django_user_model):
    from comptes.roles import Role
    from comptes.tests.factories import StructureFactory, agent

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent(StructureFactory(typologie="mds"), Role.ACCUEIL, "agent-csrf"))
    r = client.post("/api/v1/accueil/personnes", "{}", content_type="application/json")
    assert r.status_code == 403
    corps = r.json()
    assert "CSRF" in corps["detail"]
    assert corps["erreurs"][0]["champ"] == "__all__"


def test_echec_csrf_page_en_francais():
    r = Client(enforce_csrf_checks=True).post("/accueil/demande/", {"prenom": "A"})
    assert r.status_code == 403
    assert "Vérification de sécurité échouée" in r.content.decode()


def test_route_api_inconnue_en_json():
    r = Client().get("/api/v1/nexiste-pas")
    assert r.status_code == 404
    assert r.json() == {"detail": "Ressource introuvable."}


# --- the client's address behind a reverse proxy ---------------------------------------------


def test_adresse_client_derriere_un_proxy_de_confiance():
    proxies = {"10.0.0.2"}
    assert _adresse_client("10.0.0.2", "203.0.113.7", proxies) == "203.0.113.7"
    # A forged first hop is ignored: the right-most address the proxy saw is kept.
    assert _adresse_client("10.0.0.2", "1.2.3.4, 203.0.113.7", proxies) == "203.0.113.7"
    # A client talking directly cannot choose its address.
    assert _adresse_client("198.51.100.1", "1.2.3.4", proxies) == "198.51.100.1"
    assert _adresse_client("10.0.0.2", "", proxies) == "10.0.0.2"


@override_settings(PROXIES_DE_CONFIANCE=["10.0.0.2"], ACCUEIL_DEMANDES_PAR_HEURE=1)
def test_limite_par_client_reel_derriere_le_proxy():
    from accueil.services import empreinte_ip

    vus = []

    def vue(request):
        vus.append(request.META["REMOTE_ADDR"])

    from solidarites.middleware import AdresseClientMiddleware

    mw = AdresseClientMiddleware(vue)
    from django.test import RequestFactory

    for client in ("203.0.113.7", "203.0.113.8"):
        mw(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client))
    assert vus == ["203.0.113.7", "203.0.113.8"]
    assert empreinte_ip(vus[0]) != empreinte_ip(vus[1])


# --- caching of personal data ----------------------------------------------------------------


def test_api_jamais_conservee_en_cache():
    r = Client().get("/api/v1/droits")
    assert "no-store" in r["Cache-Control"]


def test_pages_d_un_agent_jamais_conservees(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("agent-cache", password="x" * 14))
    r = client.get("/")
    assert "no-store" in r["Cache-Control"]


def test_page_publique_anonyme_peut_etre_conservee():
    r = Client().get("/mentions-legales/")
    assert "no-store" not in r.get("Cache-Control", "")


# --- session idle timeout --------------------------------------------------------------------


@override_settings(SESSION_INACTIVITE=60)
def test_session_inactive_se_ferme(django_user_model, monkeypatch):
    import time

    client = Client()
    client.force_login(django_user_model.objects.create_user("agent-idle", password="x" * 14))
    assert client.get("/").context["user"].is_authenticated
    depart = time.time()
    monkeypatch.setattr(time, "time", lambda: depart + 3600)
    r = client.get("/accueil/")
    assert r.status_code == 302
    assert "/comptes/connexion/" in r["Location"]
    monkeypatch.setattr(time, "time", lambda: depart + 3601)
    assert not client.get("/").context["user"].is_authenticated


# --- headers ---------------------------------------------------------------------------------


def test_en_tetes_de_securite_sur_une_page():
    r = Client().get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r["Referrer-Policy"] == "same-origin"
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"


def test_documentation_api_servie_localement():
    r = Client().get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert '<html lang="fr">' in html  # #16: axe's html-has-lang
    assert Client().get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    # The configuration travels as JSON data, not as an inline script (CSP).
    assert json.loads(html.split('id="swagger-settings">')[1].split("</script>")[0])
