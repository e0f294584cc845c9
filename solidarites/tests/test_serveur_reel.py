"""Concurrency and faults against a real production server (Granian, 2 processes, its own
database: a SQLite file, or PostgreSQL when DATABASE_URL is set). Issue 18, "Found when probed".
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from solidarites.tests.serveur_reel import (
    GrappePostgres,
    ServeurReel,
    binaires_postgres,
    session_agent,
)

DONNEES = r"""
import json
from django.test import Client
from accueil.tests.factories import OrientationFactory, PersonneFactory
from comptes.roles import Role
from comptes.tests.factories import SecteurFactory, StructureFactory, agent, melun
mds = StructureFactory(nom="MDS de Melun (réel)", typologie="mds", identifiant="reel-mds")
SecteurFactory(structure=mds, commune=melun())
ccas = StructureFactory(nom="CCAS (réel)", typologie="ccas", identifiant="reel-ccas")
partenaire = agent(ccas, Role.PARTENAIRE, "partenaire-reel")
orientations = [
    OrientationFactory(personne=PersonneFactory(structure=mds), structure_destination=ccas).pk
    for _ in range(20)
]
c = Client()
c.force_login(partenaire)
print(json.dumps({"session": c.cookies["sessionid"].value, "orientations": orientations}))
"""


@pytest.fixture(scope="module")
def serveur(base_reelle):
    s = base_reelle
    s.donnees = s.executer(DONNEES)
    s.demarrer()
    yield s
    s.arreter()


def _formulaire(session: requests.Session, jeton: str, prenom: str) -> dict:
    return {
        "csrfmiddlewaretoken": jeton,
        "commune": "Melun",
        "besoins": ["logement"],
        "prenom": prenom,
        "telephone": "06 11 22 33 44",
    }


def test_limite_des_demandes_tient_sous_requetes_paralleles(serveur):
    """30 parallel requests from one address: exactly the limit (5) stored, no 500."""
    jeton = secrets.token_hex(16)

    def envoyer(i):
        s = requests.Session()
        s.cookies.set("csrftoken", jeton, domain="127.0.0.1")
        r = s.post(
            f"{serveur.url}/accueil/demande/",
            data=_formulaire(s, jeton, f"Camille{i}"),
            allow_redirects=False,
            timeout=60,
        )
        return r.status_code

    with ThreadPoolExecutor(30) as pool:
        codes = list(pool.map(envoyer, range(30)))
    assert 500 not in codes, codes
    assert codes.count(302) == 5, codes
    assert codes.count(429) == 25, codes
    stockees = serveur.executer(
        "import json; from accueil.models import Demande; "
        "print(json.dumps(Demande.objects.count()))"
    )
    assert stockees == 5


def test_changements_de_statut_paralleles_sans_erreur(serveur):
    """20 parallel status changes (the partner accepts 20 orientations): no 500, all stored."""
    s = session_agent(serveur, serveur.donnees["session"])

    def accepter(pk):
        r = s.post(
            f"{serveur.url}/api/v1/accueil/orientations/{pk}/statut",
            json={"statut": "acceptee"},
            timeout=60,
        )
        return r.status_code

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(accepter, serveur.donnees["orientations"]))
    assert codes == [200] * 20, codes


def test_processus_web_tue_en_pleine_requete(serveur):
    """A worker process killed while requests are in flight: the main process respawns it and
    the next requests succeed."""
    avant = serveur.processus_fils()
    assert len(avant) == serveur.processus
    arret = threading.Event()
    codes: list[int] = []

    def trafic():
        while not arret.is_set():
            try:
                codes.append(requests.get(f"{serveur.url}/droits/", timeout=10).status_code)
            except requests.RequestException:
                codes.append(-1)  # the connection of the killed worker: cut, never a 500

    fils = [threading.Thread(target=trafic) for _ in range(4)]
    for f in fils:
        f.start()
    time.sleep(0.5)
    os.kill(avant[0], signal.SIGKILL)
    fin = time.monotonic() + 30
    while time.monotonic() < fin and len(serveur.processus_fils()) < serveur.processus:
        time.sleep(0.2)
    time.sleep(1)
    arret.set()
    for f in fils:
        f.join()
    apres = serveur.processus_fils()
    assert len(apres) == serveur.processus and avant[0] not in apres
    assert 500 not in codes
    # Once respawned, every request succeeds.
    assert all(requests.get(f"{serveur.url}/droits/", timeout=10).ok for _ in range(20))


def test_connexions_coupees_pendant_le_trafic(serveur):
    """PostgreSQL cuts every connection of the server (pg_terminate_backend: what a failover or
    a proxy's cut does to the web processes): the requests after it succeed, no 500
    (health-checked connections). SQLite: the same test checks the file is reopened. The real
    restart of a database server: test_postgresql_redemarre_pour_de_vrai_pendant_le_trafic."""
    codes_avant = [
        requests.get(f"{serveur.url}/droits/", timeout=10).status_code for _ in range(10)
    ]
    assert set(codes_avant) == {200}
    if serveur.postgres:
        import psycopg

        with psycopg.connect(serveur.base_pg, autocommit=True) as c:
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (serveur.nom_pg,),
            )
    time.sleep(0.5)
    apres = [requests.get(f"{serveur.url}/droits/", timeout=10).status_code for _ in range(40)]
    assert apres == [200] * 40, apres
    page = requests.get(f"{serveur.url}/droits/", timeout=10)
    assert re.search(r"<h1", page.text)


@pytest.fixture
def serveur_sur_grappe(base_reelle, tmp_path):
    """The production server (Granian, CONN_MAX_AGE and health checks as in production) on a
    PostgreSQL cluster of its own, holding a copy of the migrated base."""
    grappe = GrappePostgres().initialiser()
    s = None
    try:
        url = grappe.copier(base_reelle.database_url, "solidarites")
        s = ServeurReel(tmp_path, processus=1, fils=4, database_url=url).demarrer()
        yield s, grappe
    finally:
        if s is not None:
            s.arreter(delai=1)  # a throw-away server: no graceful wait
        grappe.detruire()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or binaires_postgres() is None,
    reason="redémarrage réel d'un serveur PostgreSQL : seulement avec DATABASE_URL=postgres://…",
)
def test_postgresql_redemarre_pour_de_vrai_pendant_le_trafic(serveur_sur_grappe):
    """A real restart of the database server under traffic (`pg_ctl restart -m fast`), then a
    stop with a gap before it starts again: while it is down, the answers that need it are a
    French 503 (JSON on the API, a page elsewhere), never a 500; once it is back, every request
    succeeds (kept connections are health-checked and replaced)."""
    serveur, grappe = serveur_sur_grappe
    # A session cookie (sent as a header: the answer deletes an unknown one from a cookie jar):
    # the session is read from the database before the page, as for every agent; an unknown
    # one sends to the login page once the database answers.
    session = {"Cookie": f"sessionid={secrets.token_hex(16)}"}
    sondes = {
        "sante": ("/sante/", {}, 200),
        "api": ("/api/v1/droits", {}, 200),
        "page": ("/droits/", {}, 200),
        "session": ("/accueil/", session, 302),
    }
    attendu = {n: code for n, (_, _, code) in sondes.items()}

    def tout() -> dict[str, requests.Response]:
        return {
            n: requests.get(serveur.url + c, headers=h, timeout=10, allow_redirects=False)
            for n, (c, h, _) in sondes.items()
        }

    def codes(reponses: dict[str, requests.Response]) -> dict[str, int]:
        return {n: r.status_code for n, r in reponses.items()}

    assert codes(tout()) == attendu

    arret = threading.Event()
    pendant_le_redemarrage: list[int] = []

    def trafic():
        while not arret.is_set():
            pendant_le_redemarrage.extend(codes(tout()).values())

    fils = [threading.Thread(target=trafic) for _ in range(3)]
    for f in fils:
        f.start()
    try:
        time.sleep(0.3)
        grappe.redemarrer()
        time.sleep(0.3)
    finally:
        arret.set()
        for f in fils:
            f.join()
    assert set(pendant_le_redemarrage) <= {200, 302, 503}, pendant_le_redemarrage
    # Back: every request succeeds at once (each kept connection is checked, then replaced).
    for _ in range(5):
        assert codes(tout()) == attendu

    grappe.arreter()
    try:
        arretee = [tout() for _ in range(3)]  # down for a while: a French 503, never a 500
    finally:
        grappe.demarrer()
    for reponses in arretee:
        # The public page may come from the cache of public pages.
        assert codes(reponses) in (
            dict.fromkeys(sondes, 503),
            {**dict.fromkeys(sondes, 503), "page": 200},
        ), codes(reponses)
        assert reponses["sante"].json()["statut"] == "indisponible"
        assert "indisponible" in reponses["api"].json()["detail"]
        page = reponses["session"]
        assert "text/html" in page.headers["Content-Type"]
        assert "<h1>Service momentanément indisponible</h1>" in page.text
        assert "Traceback" not in page.text
        assert all(r.headers["Retry-After"] == "30" for n, r in reponses.items() if n != "page")
    for _ in range(5):
        assert codes(tout()) == attendu
