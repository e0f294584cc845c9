"""Keeping the durable jobs alive: heartbeats, recovery of jobs left by a dead worker,
retries with a growing delay, periodic jobs (see solidarites.taches)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from solidarites.models import Travailleur

logger = logging.getLogger("solidarites.taches")

import os  # noqa: E402

# Seconds between two heartbeats; seconds without one: the worker is considered dead.
BATTEMENT = float(os.environ.get("SOLIDARITES_TRAVAILLEUR_BATTEMENT", "5"))
SILENCE = float(os.environ.get("SOLIDARITES_TRAVAILLEUR_SILENCE", "30"))

PRETE, EN_COURS, ECHEC = "READY", "RUNNING", "FAILED"


def signe_de_vie(identifiant: str, files: str = "*", *, depart: bool = False) -> None:
    maintenant = timezone.now()
    defaults = {"vu_le": maintenant, "files": files[:200]}
    if depart:
        defaults["demarre_le"] = maintenant
    Travailleur.objects.update_or_create(
        identifiant=identifiant,
        defaults=defaults,
        create_defaults={**defaults, "demarre_le": maintenant},
    )


def fin(identifiant: str) -> None:
    Travailleur.objects.filter(identifiant=identifiant).delete()


def reprendre_orphelines(silence: float | None = None) -> int:
    """Jobs marked running by a worker that no longer gives a sign of life go back to the
    queue (run again from the start: every job is written to be resumed)."""
    limite = timezone.now() - timedelta(seconds=SILENCE if silence is None else silence)
    vivants = set(
        Travailleur.objects.filter(vu_le__gte=limite).values_list("identifiant", flat=True)
    )
    reprises = 0
    with transaction.atomic():
        for t in DBTaskResult.objects.select_for_update().filter(status=EN_COURS):
            dernier = t.worker_ids[-1] if t.worker_ids else ""
            if dernier in vivants:
                continue
            t.status = PRETE
            t.run_after = timezone.now()
            t.started_at = None
            t.save(update_fields=["status", "run_after", "started_at"])
            reprises += 1
            logger.warning("tâche %s reprise (travailleur %s silencieux)", t.pk, dernier)
    Travailleur.objects.filter(vu_le__lt=limite - timedelta(days=1)).delete()
    return reprises


def rendre_taches_de(identifiant: str) -> int:
    """The jobs this (living) worker had claimed when the database went away: back in the queue
    (run again from the start, or from their last checkpoint for a screening)."""
    with transaction.atomic():
        rendues = [
            t
            for t in DBTaskResult.objects.select_for_update().filter(status=EN_COURS)
            if t.worker_ids and t.worker_ids[-1] == identifiant
        ]
        for t in rendues:
            t.status = PRETE
            t.run_after = timezone.now()
            t.started_at = None
            t.save(update_fields=["status", "run_after", "started_at"])
            logger.warning("tâche %s remise en file (base de données revenue)", t.pk)
    return len(rendues)


def reessayer_si_echec(pk) -> bool:
    """After a failure: back in the queue with a delay (30 s, 60 s, 120 s…) while attempts
    remain (solidarites.taches.ESSAIS), else left failed for the administrators' page."""
    from solidarites.taches import DELAI_REESSAI, ESSAIS

    t = DBTaskResult.objects.filter(pk=pk, status=ECHEC).first()
    if t is None:
        return False
    essais = len(t.worker_ids)
    if essais >= ESSAIS.get(t.task_path, 1):
        return False
    DBTaskResult.objects.filter(pk=pk, status=ECHEC).update(
        status=PRETE,
        run_after=timezone.now() + timedelta(seconds=DELAI_REESSAI * 2 ** (essais - 1)),
        finished_at=None,
        started_at=None,
    )
    logger.warning("tâche %s en échec (essai %d) : nouvel essai planifié", pk, essais)
    return True


def effacer_envoi_reussi(pk) -> bool:
    """Once an e-mail or SMS is sent, its address, number and text are erased from the job
    (the row stays for the administrators' page): the queue keeps no personal data longer
    than the sending takes (a bilan's address, a person's phone)."""
    return bool(
        DBTaskResult.objects.filter(pk=pk, status="SUCCESSFUL", queue_name="envois").update(
            args_kwargs={"args": [], "kwargs": {}}, return_value=None
        )
    )


def planifier_periodiques(maintenant=None) -> list[str]:
    from solidarites.taches import PERIODIQUES

    maintenant = maintenant or timezone.now()
    lancees = []
    for t, periode in PERIODIQUES.items():
        chemin = t.module_path
        recente = DBTaskResult.objects.filter(task_path=chemin).filter(
            status__in=[PRETE, EN_COURS]
        ) | DBTaskResult.objects.filter(task_path=chemin, enqueued_at__gte=maintenant - periode)
        if not recente.exists():
            t.enqueue()
            lancees.append(chemin)
    return lancees
