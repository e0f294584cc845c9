"""`solidarites travailleur`: runs the durable jobs (django-tasks-db's worker, plus retries,
recovery of jobs left by a dead worker, periodic jobs and a heartbeat). See solidarites.taches.

    solidarites travailleur                        # every queue
    solidarites travailleur --files depistage      # only the screenings (one at a time)

A worker that runs the screenings prepares the calculation engine (OpenFisca's system, its
formulas and parameters) when it starts, before taking its first job: the first screening after
a start no longer waits on « le moteur se prépare ». `--sans-preparation` skips it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.core.management.base import BaseCommand
from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
)
from django_tasks_db.management.commands.db_worker import Worker

from solidarites import surveillance

logger = logging.getLogger("solidarites.taches")


class Travailleur(Worker):
    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        surveillance.reessayer_si_echec(db_task_result.pk)
        surveillance.effacer_envoi_reussi(db_task_result.pk)


# Seconds between two attempts while the database does not answer (restart, failover).
ATTENTE_BASE = 5


def tourner(worker: Travailleur, identifiant: str) -> None:
    """`worker.run()`, surviving a database that goes away: wait, reconnect, give back the jobs
    this worker had claimed (they run again), go on. SIGTERM still stops it (sys.exit)."""
    coupure = False
    while True:
        try:
            if coupure:
                surveillance.rendre_taches_de(identifiant)
            worker.run()
            return
        except (OperationalError, InterfaceError) as e:
            if not worker.running:
                raise
            coupure = True
            worker.running_task = False
            logger.warning(
                "base de données injoignable (%s) : nouvel essai dans %s s",
                type(e).__name__,
                ATTENTE_BASE,
            )
            try:
                connection.close()
            except DatabaseError:
                pass
            time.sleep(ATTENTE_BASE)


def prepare_le_moteur(files: str) -> bool:
    """Whether a worker of these queues runs screenings (and so needs the engine)."""
    return any(f.strip() in ("*", "depistage") for f in files.split(","))


def preparer_moteur() -> None:
    """Build and warm the engine in this process (`depistage.acces_bilan.prechauffer`)."""
    from depistage import acces_bilan

    debut = time.monotonic()
    logger.info("préparation du moteur de calcul")
    acces_bilan.prechauffer()
    logger.info("moteur de calcul prêt en %.1f s", time.monotonic() - debut)


class Command(BaseCommand):
    help = "Exécute les tâches durables (envois, relances, purges, dépistages)."

    def add_arguments(self, parser):
        parser.add_argument("--files", default="*", help="Files traitées (virgules), * : toutes.")
        parser.add_argument("--intervalle", type=float, default=1.0)
        parser.add_argument("--lot", action="store_true", help="S'arrête quand la file est vide.")
        parser.add_argument("--identifiant", default="")
        parser.add_argument(
            "--sans-preparation",
            action="store_true",
            help="Ne pas préparer le moteur de calcul au démarrage.",
        )

    def handle(self, *args, **o):
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        identifiant = o["identifiant"] or f"{socket.gethostname()[:40]}-{os.getpid()}"
        surveillance.signe_de_vie(identifiant, o["files"], depart=True)
        surveillance.reprendre_orphelines()
        arret = threading.Event()

        def battre():
            while not arret.wait(surveillance.BATTEMENT):
                try:
                    close_old_connections()
                    surveillance.signe_de_vie(identifiant, o["files"])
                    surveillance.reprendre_orphelines()
                    surveillance.planifier_periodiques()
                except Exception:  # the heartbeat must survive a database restart
                    logger.exception("signe de vie impossible")
                finally:
                    connection.close()

        coeur = threading.Thread(target=battre, name="signe-de-vie", daemon=True)
        coeur.start()
        if not o["sans_preparation"] and prepare_le_moteur(o["files"]):
            preparer_moteur()
        worker = Travailleur(
            queue_names=o["files"].split(","),
            interval=o["intervalle"],
            batch=o["lot"],
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=identifiant,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        try:
            tourner(worker, identifiant)
        finally:
            arret.set()
            surveillance.fin(identifiant)
