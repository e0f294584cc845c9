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

from solidarites.tests.serveur_reel import session_agent

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


def test_base_redemarree_pendant_le_trafic(serveur):
    """PostgreSQL drops every connection (what a restart does to the web processes): the
    requests after it succeed, no 500 once the database is back (health-checked connections).
    SQLite has no server to restart: there the same test checks the file is reopened."""
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
