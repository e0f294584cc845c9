"""Concurrent screenings are capped (issue 18, « Found when probed »: 6 uploads started 6
processes, 1.4 GB). An upload never starts a process: it queues one durable job on the
« depistage » queue, run by `solidarites travailleur` one at a time per worker; starting a
screening again while its job waits does not queue a second one."""

import subprocess

import pytest
from django_tasks_db.models import DBTaskResult

from comptes.tests.factories import StructureFactory
from depistage import stockage
from depistage.models import Depistage
from depistage.tests.factories import DepistageFactory


@pytest.mark.django_db
def test_six_depots_six_taches_en_file_aucun_processus(
    settings, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    settings.DEPISTAGE_SYNCHRONE = False
    settings.DEPISTAGE_DIR = tmp_path
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "depistage", "envois"],
        }
    }

    def interdit(*a, **k):
        raise AssertionError("un dépôt ne lance jamais de processus")

    monkeypatch.setattr(subprocess, "Popen", interdit)
    structure = StructureFactory(nom="MDS (file)", typologie="mds")
    depots = [DepistageFactory(structure=structure) for _ in range(6)]
    for d in [*depots, depots[0]]:  # the first again, while its job waits: not queued twice
        with django_capture_on_commit_callbacks(execute=True):
            stockage.lancer(d)
    taches = DBTaskResult.objects.filter(task_path="solidarites.taches.executer_depistage")
    assert taches.count() == 6
    assert set(taches.values_list("queue_name", "status")) == {("depistage", "READY")}
    assert set(Depistage.objects.values_list("statut", "pid")) == {
        (Depistage.Statut.EN_ATTENTE, None)
    }
