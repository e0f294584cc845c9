"""Durable jobs (issue 18): retries, recovery, periodic jobs, and a worker killed in the
middle of a screening (real processes: `solidarites travailleur` on its own database)."""

from __future__ import annotations

import os
import signal
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from solidarites import surveillance, taches
from solidarites.models import Travailleur

# --- in-process: the rules of the worker ------------------------------------------------------


@pytest.fixture
def file_db(settings):
    """The database backend (the rest of the suite may run jobs immediately)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "depistage", "envois"],
        }
    }


def _executer_une(identifiant="t1"):
    from solidarites.management.commands.travailleur import Travailleur as Worker

    w = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id=identifiant,
        excluded_queue_names=[],
    )
    w.run()


@pytest.mark.django_db(transaction=True)
def test_un_courriel_en_echec_est_reessaye_puis_marque_en_echec(file_db, settings, monkeypatch):
    from solidarites import envois

    appels = []

    def en_panne(*a, **k):
        appels.append(a)
        raise OSError("serveur de courriel injoignable")

    monkeypatch.setattr(envois, "envoyer_courriel", en_panne)
    monkeypatch.setitem(taches.ESSAIS, taches.envoyer_courriel.module_path, 2)
    r = taches.envoyer_courriel.enqueue("a@exemple.fr", "Sujet", "Texte")
    _executer_une()
    t = DBTaskResult.objects.get(pk=r.id)
    assert t.status == "READY" and t.run_after > timezone.now()  # retried later
    DBTaskResult.objects.filter(pk=r.id).update(run_after=timezone.now())
    _executer_une()
    t.refresh_from_db()
    assert t.status == "FAILED" and "injoignable" in t.traceback
    assert len(appels) == 2


@pytest.mark.django_db(transaction=True)
def test_tache_d_un_travailleur_mort_remise_en_file(file_db):
    r = taches.relancer_orientations.enqueue()
    DBTaskResult.objects.filter(pk=r.id).update(status="RUNNING", worker_ids=["mort-1"])
    vieux = timezone.now() - timedelta(minutes=5)
    Travailleur.objects.create(identifiant="mort-1", demarre_le=vieux, vu_le=vieux)
    Travailleur.objects.create(identifiant="vivant", demarre_le=vieux, vu_le=timezone.now())
    r2 = taches.purger.enqueue()
    DBTaskResult.objects.filter(pk=r2.id).update(status="RUNNING", worker_ids=["vivant"])
    assert surveillance.reprendre_orphelines() == 1
    assert DBTaskResult.objects.get(pk=r.id).status == "READY"
    assert DBTaskResult.objects.get(pk=r2.id).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_taches_periodiques_planifiees_une_fois(file_db):
    assert len(surveillance.planifier_periodiques()) == 2
    assert surveillance.planifier_periodiques() == []
    _executer_une()
    _executer_une()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_courriel_et_sms_par_la_file_puis_effaces_une_fois_envoyes(file_db, _sms_en_memoire):
    """`programmer_courriel` / `programmer_sms`: checked at once (French error for the form),
    sent by the worker; once sent, the job keeps no address, number nor text."""
    from django.core import mail

    from solidarites import envois

    with pytest.raises(envois.EnvoiImpossible, match="adresse"):
        taches.programmer_courriel("pas-une-adresse", "s", "t")
    with pytest.raises(envois.EnvoiImpossible, match="téléphone"):
        taches.programmer_sms("12", "t")
    taches.programmer_courriel("habitant@example.org", "Votre bilan", "Bonjour")
    taches.programmer_sms("06 12 34 56 78", "Rendez-vous lundi")
    assert mail.outbox == [] and _sms_en_memoire == []  # nothing sent in the request
    _executer_une()
    _executer_une()
    assert mail.outbox[0].to == ["habitant@example.org"]
    assert _sms_en_memoire == [envois.SMS("0612345678", "Rendez-vous lundi")]
    for t in DBTaskResult.objects.all():
        assert t.status == "SUCCESSFUL" and t.queue_name == "envois"
        assert t.args_kwargs == {"args": [], "kwargs": {}}


def test_aucun_envoi_direct_hors_de_la_file():
    """Every e-mail and SMS goes through the durable queue (retries): no module calls the
    backends of `solidarites.envois` directly but the queue's own jobs."""
    import re
    from pathlib import Path

    racine = Path(__file__).resolve().parents[2]
    direct = re.compile(
        r"envois\.envoyer_(courriel|sms)\(|from solidarites\.envois import [^\n]*envoyer_"
    )
    fautifs = [
        str(f.relative_to(racine))
        for f in racine.glob("*/**/*.py")
        if ".venv" not in f.parts
        and "tests" not in f.parts
        and f.name != "taches.py"
        and direct.search(f.read_text(encoding="utf-8"))
    ]
    assert fautifs == []


@pytest.mark.django_db(transaction=True)
def test_purge_de_la_nuit_couvre_bilans_depistages_et_inactifs(file_db, monkeypatch):
    """The nightly job (`purger`, planned by the worker every 24 h: no cron nor systemd timer
    to install) does what `purger_bilans`, `purger_depistages` and `anonymiser_inactifs` do."""
    from datetime import timedelta as td

    from bilan.models import BilanConserve
    from bilan.services import conserver_bilan

    vieux = conserver_bilan({"mois": "2026-11"}, {"droits": []})
    BilanConserve.objects.filter(pk=vieux.pk).update(expire_le=timezone.now() - td(days=1))
    garde = conserver_bilan({"mois": "2026-11"}, {"droits": []})
    appels = []
    monkeypatch.setattr("accueil.services.anonymiser_inactifs", lambda: appels.append("a") or 0)
    monkeypatch.setattr("depistage.stockage.purger", lambda: appels.append("d") or 0)
    bilan = taches.purger.call()
    assert bilan["bilans"] == 1 and sorted(appels) == ["a", "d"]
    assert list(BilanConserve.objects.values_list("pk", flat=True)) == [garde.pk]
    assert taches.PERIODIQUES[taches.purger] == td(hours=24)
    assert taches.PERIODIQUES[taches.relancer_orientations] == td(hours=1)


# --- real processes: a worker killed in the middle of a screening ------------------------------

DEPOT = r"""
import json
from pathlib import Path
from depistage import stockage
from depistage.tests.factories import DepistageFactory, ecrire_csv, menages_varies
from comptes.tests.factories import StructureFactory
dep = DepistageFactory(structure=StructureFactory(
    nom="MDS (dépistage réel)", typologie="mds", identifiant="reel-depistage"))
stockage.dossier(dep).mkdir(parents=True, exist_ok=True)
ecrire_csv(stockage.entree(dep), menages_varies(12))
stockage.lancer(dep)
print(json.dumps({"pk": str(dep.pk), "sortie": str(stockage.fichiers(dep).sortie),
                  "entree": str(stockage.entree(dep))}))
"""

ETAT = r"""
import json
from depistage.models import Depistage
from django_tasks_db.models import DBTaskResult
d = Depistage.objects.get()
print(json.dumps({"statut": d.statut, "taches": list(DBTaskResult.objects.filter(
    task_path="solidarites.taches.executer_depistage").values_list("status", flat=True))}))
"""


def test_travailleur_tue_en_plein_depistage_reprise_sans_perte_ni_doublon(base_reelle, tmp_path):
    env = {
        "SOLIDARITES_DEPISTAGE_TAILLE_LOT": "2",
        "SOLIDARITES_DEPISTAGE_PROCESSUS": "1",
        "SOLIDARITES_TRAVAILLEUR_BATTEMENT": "0.5",
        "SOLIDARITES_TRAVAILLEUR_SILENCE": "2",
    }
    depot = base_reelle.executer(DEPOT)
    from pathlib import Path

    sortie = Path(depot["sortie"])
    travail = sortie.with_name(sortie.name + ".encours")
    premier = base_reelle.commande(
        "travailleur", "--files", "depistage", "--intervalle", "0.2", **env
    )
    try:
        limite = time.monotonic() + 240
        while time.monotonic() < limite and len(list(travail.glob("lot-*.json"))) < 2:
            assert premier.poll() is None, "the worker stopped before it could be killed"
            time.sleep(0.05)
        os.killpg(premier.pid, signal.SIGKILL)
    finally:
        premier.wait()
    faits = len(list(travail.glob("lot-*.json")))
    assert 2 <= faits < 6, faits
    assert base_reelle.executer(ETAT)["taches"] == ["RUNNING"]  # left by the dead worker
    time.sleep(2.5)  # its heartbeat is now older than the silence allowed
    second = base_reelle.commande("travailleur", "--files", "depistage", "--lot", **env)
    assert second.wait(timeout=240) == 0
    etat = base_reelle.executer(ETAT)
    assert etat == {"statut": "termine", "taches": ["SUCCESSFUL"]}

    # Same output as an uninterrupted run of the same file: nothing lost, nothing doubled.
    directe = tmp_path / "directe.csv"
    call_command(
        "depistage",
        depot["entree"],
        "--sortie",
        str(directe),
        "--mois",
        "2026-11",
        "--taille-lot",
        "2",
        "--processus",
        "1",
    )
    assert sortie.read_bytes() == directe.read_bytes()
    lignes = sortie.read_text().splitlines()[1:]
    assert len(lignes) == len(set(lignes)) > 5
    assert not travail.exists()


# --- the administrators' page ---------------------------------------------------------------


@pytest.mark.django_db
def test_page_des_taches_reservee_aux_administrateurs(client, file_db):
    from comptes.roles import Role
    from comptes.tests.factories import StructureFactory, agent

    structure = StructureFactory(nom="Département (test)", typologie="departement")
    r = taches.envoyer_courriel.enqueue("a@exemple.fr", "Sujet", "Texte")
    DBTaskResult.objects.filter(pk=r.id).update(
        status="FAILED", worker_ids=["w1", "w2"], traceback="Traceback…\nOSError: injoignable"
    )
    assert client.get("/exploitation/taches/").status_code == 302  # not logged in
    client.force_login(agent(structure, Role.ACCUEIL, "accueil-taches"))
    assert client.get("/exploitation/taches/").status_code == 403
    client.force_login(agent(structure, Role.ADMINISTRATEUR, "admin-taches"))
    page = client.get("/exploitation/taches/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "un courriel" in html and "OSError: injoignable" in html
    assert "no-store" in page["Cache-Control"]
    r2 = client.post(f"/exploitation/taches/{r.id}/relancer/")
    assert r2.status_code == 302
    assert DBTaskResult.objects.get(pk=r.id).status == "READY"


# --- the engine is prepared when a worker of the screenings starts (#16) --------------------


# transaction=True: the worker closes its database connection between jobs, which on
# PostgreSQL would close the test's own transaction.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("files", "options", "prepare"),
    [
        ("*", [], True),
        ("depistage", [], True),
        ("envois", [], False),
        ("depistage", ["--sans-preparation"], False),
    ],
)
def test_le_travailleur_prepare_le_moteur_au_demarrage(
    file_db, monkeypatch, files, options, prepare
):
    from depistage import acces_bilan

    appels = []
    monkeypatch.setattr(acces_bilan, "prechauffer", lambda: appels.append(files))
    call_command("travailleur", "--files", files, "--lot", "--intervalle", "0", *options)
    assert appels == ([files] if prepare else [])


@pytest.mark.django_db(transaction=True)
def test_le_travailleur_survit_a_une_base_injoignable(file_db, monkeypatch):
    """The database goes away under the worker (restart): it waits, reconnects, gives back the
    job it had claimed, and goes on — it does not die (make run has no systemd to restart it)."""
    from django.db import OperationalError

    from solidarites.management.commands import travailleur

    r = taches.relancer_orientations.enqueue()
    DBTaskResult.objects.filter(pk=r.id).update(status="RUNNING", worker_ids=["t-coupure"])
    appels = []
    vraie_run = travailleur.Travailleur.run

    def run(self):
        appels.append(1)
        if len(appels) == 1:
            raise OperationalError("connection failed: Connection refused")
        return vraie_run(self)

    monkeypatch.setattr(travailleur.Travailleur, "run", run)
    monkeypatch.setattr(travailleur, "ATTENTE_BASE", 0)
    call_command(
        "travailleur",
        "--lot",
        "--intervalle",
        "0",
        "--sans-preparation",
        "--identifiant",
        "t-coupure",
    )
    assert len(appels) == 2
    # Given back to the queue, then run by the same worker once the database answered.
    assert DBTaskResult.objects.get(pk=r.id).status == "SUCCESSFUL"
