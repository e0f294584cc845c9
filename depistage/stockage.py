"""Where a web screening's files live, how its calculation is launched, how it is purged.

Files: `settings.DEPISTAGE_DIR` (default VAR_DIR/depistage) / <uuid> / entree.csv,
resultats.csv, resultats.rejets.csv, resultats.synthese.{json,html}, journal.txt. Never under
MEDIA_ROOT or STATIC_ROOT: they are only served by the views, which check access.

The calculation runs in a separate process (`solidarites executer_depistage <uuid>`, started
with `subprocess.Popen`, own session), not in a thread of the web server: OpenFisca needs
gigabytes for a large file and all cores, a crash or a kill of the calculation must not take
the site down, and a run interrupted by a restart is resumed by the same command (the screening
is resumable) from the « Reprendre » button.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from depistage.models import Depistage
from depistage.traitement import Fichiers, lire_progression

RACINE = Path(__file__).resolve().parent.parent


def racine() -> Path:
    return Path(getattr(settings, "DEPISTAGE_DIR", settings.VAR_DIR / "depistage"))


def conservation() -> dt.timedelta:
    """How long uploaded files and results are kept (DEPISTAGE_CONSERVATION_JOURS, or the
    SOLIDARITES_DEPISTAGE_CONSERVATION_JOURS environment variable; 30 days by default)."""
    jours = getattr(
        settings,
        "DEPISTAGE_CONSERVATION_JOURS",
        int(os.environ.get("SOLIDARITES_DEPISTAGE_CONSERVATION_JOURS", "30")),
    )
    return dt.timedelta(days=int(jours))


def dossier(dep: Depistage) -> Path:
    return racine() / str(dep.pk)


def entree(dep: Depistage) -> Path:
    return dossier(dep) / "entree.csv"


def fichiers(dep: Depistage) -> Fichiers:
    return Fichiers.pour(dossier(dep) / "resultats.csv")


def progression(dep: Depistage) -> dict | None:
    return lire_progression(fichiers(dep).sortie)


def processus_vivant(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A finished child not yet reaped is a zombie: not alive.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def interrompu(dep: Depistage) -> bool:
    """Marked running, but its process is gone (server restart, kill): it can be resumed."""
    return dep.statut in (Depistage.Statut.EN_COURS, Depistage.Statut.EN_ATTENTE) and (
        dep.lance_le is not None and not processus_vivant(dep.pid)
    )


def lancer(dep: Depistage) -> None:
    """Start (or resume) the calculation in the background."""
    if getattr(settings, "DEPISTAGE_SYNCHRONE", False):  # tests: same process, same code path
        from depistage.execution import executer

        executer(dep.pk)
        return
    dossier(dep).mkdir(parents=True, exist_ok=True)
    journal = open(dossier(dep) / "journal.txt", "ab")  # noqa: SIM115 - handed to the child
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "solidarites.cli", "executer_depistage", str(dep.pk)],
            cwd=RACINE,
            stdin=subprocess.DEVNULL,
            stdout=journal,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=dict(
                os.environ,
                DJANGO_SETTINGS_MODULE=os.environ.get(
                    "DJANGO_SETTINGS_MODULE", "solidarites.settings"
                ),
            ),
        )
    finally:
        journal.close()
    Depistage.objects.filter(pk=dep.pk).update(
        pid=proc.pid, lance_le=timezone.now(), statut=Depistage.Statut.EN_ATTENTE, message=""
    )


def supprimer(dep: Depistage) -> None:
    """Delete a screening's files, then its record."""
    shutil.rmtree(dossier(dep), ignore_errors=True)
    dep.delete()


def a_purger(maintenant: dt.datetime | None = None):
    """What `purger` deletes: the expired screenings, and the folders left without a record."""
    maintenant = maintenant or timezone.now()
    expires = Depistage.objects.filter(expire_le__lte=maintenant)
    orphelins = []
    if racine().is_dir():
        connus = {str(pk) for pk in Depistage.objects.values_list("pk", flat=True)}
        orphelins = [p for p in sorted(racine().iterdir()) if p.is_dir() and p.name not in connus]
    return expires, orphelins


def purger(maintenant: dt.datetime | None = None) -> int:
    """Delete every expired screening (files and record), and folders left without a record."""
    expires, orphelins = a_purger(maintenant)
    n = 0
    for dep in expires:
        supprimer(dep)
        n += 1
    for p in orphelins:
        shutil.rmtree(p, ignore_errors=True)
    return n
