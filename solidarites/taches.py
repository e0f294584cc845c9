"""Durable jobs (issue 18): django-tasks with its database backend (django-tasks-db).

A job is a row of `django_tasks_db.DBTaskResult` in the project's own database (SQLite or
PostgreSQL): enqueued in the transaction of the request that asks for it, run by a worker
process (`solidarites travailleur`, started by `make run` and by the systemd unit).

What this module adds to the library (see docs/architecture.md, « Tâches durables »):
- retries: a job that fails is put back in the queue with a growing delay, up to its number of
  attempts (`essais`), then marked failed (shown on the administrators' page);
- recovery: each worker writes a heartbeat (`solidarites.Travailleur`); a job still marked
  running by a worker whose heartbeat stopped (killed, machine lost) is put back in the queue
  and run again. Jobs are therefore written to be resumed: the screening resumes from its
  checkpoints (nothing lost, nothing counted twice), an e-mail job sends once per job (its
  outcome is recorded before the job is marked done).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger("solidarites.taches")

# Attempts per task (module path of the function → number of attempts), read by the worker.
ESSAIS: dict[str, int] = {}
DELAI_REESSAI = 30  # seconds, doubled at each attempt


def tache(*, file: str = "default", essais: int = 3, priorite: int = 0):
    """`@tache(file="envois", essais=5)`: a django-tasks task with its number of attempts."""

    def decorer(fonction):
        t = task(queue_name=file, priority=priorite)(fonction)
        ESSAIS[f"{fonction.__module__}.{fonction.__qualname__}"] = essais
        return t

    return decorer


def mettre_en_file(t, *args, **kwargs):
    """Enqueue once the current transaction is committed (a job never runs on data that a
    rolled-back request did not write)."""
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: t.enqueue(*args, **kwargs))
        return None
    return t.enqueue(*args, **kwargs)


# --- the jobs -------------------------------------------------------------------------------


def programmer_courriel(destinataire: str, sujet: str, texte: str, *, html: str | None = None):
    """THE way the platform sends an e-mail: checked now (a bad address raises
    `envois.EnvoiImpossible` with a French message, for the form), sent by the worker through
    the durable queue (retries) once the current transaction is committed."""
    from solidarites import envois

    if not destinataire or "@" not in destinataire:
        raise envois.EnvoiImpossible("L'adresse électronique n'est pas valide.")
    return mettre_en_file(envoyer_courriel, destinataire, sujet, texte, html)


def programmer_sms(numero: str, texte: str):
    """THE way the platform sends an SMS (see `programmer_courriel`): the number is checked
    and normalised now."""
    from solidarites import envois

    return mettre_en_file(envoyer_sms, envois.normaliser_numero(numero), texte)


@tache(file="envois", essais=5)
def envoyer_courriel(destinataire: str, sujet: str, texte: str, html: str | None = None) -> int:
    from solidarites import envois

    return envois.envoyer_courriel(destinataire, sujet, texte, html=html)


@tache(file="envois", essais=5)
def envoyer_sms(numero: str, texte: str) -> None:
    from solidarites import envois

    envois.envoyer_sms(numero, texte)


@tache(essais=3)
def relancer_orientations() -> dict:
    from accueil import services

    return services.relancer_orientations()


@tache(essais=3)
def purger() -> dict:
    """Nightly: kept bilans past their 30 days, expired screenings, files past their retention
    (anonymised), old counters, finished jobs older than 30 days."""
    from django_tasks_db.models import DBTaskResult

    from accueil import services
    from bilan.services import purger_bilans_expires
    from depistage import stockage
    from solidarites import limites

    avant = timezone.now() - timedelta(days=30)
    anciennes = DBTaskResult.objects.filter(finished_at__lt=avant, status="SUCCESSFUL")
    return {
        "bilans": purger_bilans_expires(),
        "depistages": stockage.purger(),
        "anonymises": services.anonymiser_inactifs(),
        "compteurs": limites.purger(),
        "taches": anciennes.delete()[0],
    }


@tache(file="depistage", essais=3)
def executer_depistage(pk: str) -> str:
    """A screening uploaded from the web, run (or resumed from its checkpoints) to its end."""
    from depistage.execution import executer

    return executer(pk).statut


# Periodic jobs: `solidarites travailleur` enqueues each one when it is due (at most once per
# period across all workers: the enqueue is skipped if one is already waiting or ran recently).
PERIODIQUES = {
    relancer_orientations: timedelta(hours=1),
    purger: timedelta(hours=24),
}
