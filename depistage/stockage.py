"""Where a web screening's files live, how its calculation is launched, how it is purged.

Files: `settings.DEPISTAGE_DIR` (default VAR_DIR/depistage) / <uuid> / entree.csv,
resultats.csv, resultats.rejets.csv, resultats.synthese.{json,html}, journal.txt. Never under
MEDIA_ROOT or STATIC_ROOT: they are only served by the views, which check access.

The calculation runs as a durable job (solidarites.taches.executer_depistage) in a worker
process (`solidarites travailleur`), not in a thread of the web server: OpenFisca needs
gigabytes for a large file and all cores, a crash or a kill of the calculation must not take
the site down, and a run interrupted (worker killed, restart) is put back in the queue and
resumed from its checkpoints (the screening is resumable); « Reprendre » does the same by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
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


def ecrire_entree(dep: Depistage, morceaux) -> Path:
    """Writes the uploaded file as `entree.csv`: first under a temporary name, renamed once
    complete, so a failure (disk full) never leaves a partial `entree.csv`; the caller removes
    the directory on failure."""
    cible = entree(dep)
    cible.parent.mkdir(parents=True, exist_ok=True)
    provisoire = cible.with_name(".entree.csv.partiel")
    try:
        with open(provisoire, "wb") as out:
            for morceau in morceaux:
                out.write(morceau)
            out.flush()
            os.fsync(out.fileno())  # a full disk shows here, not later
    except BaseException:
        provisoire.unlink(missing_ok=True)
        raise
    provisoire.replace(cible)
    return cible


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


def tache_active(dep: Depistage) -> bool:
    """A durable job (solidarites.taches.executer_depistage) waits or runs for this screening."""
    from django_tasks_db.models import DBTaskResult

    from solidarites.taches import executer_depistage

    return DBTaskResult.objects.filter(
        task_path=executer_depistage.module_path,
        status__in=["READY", "RUNNING"],
        args_kwargs__args__0=str(dep.pk),
    ).exists()


def interrompu(dep: Depistage) -> bool:
    """Marked running, but neither a process nor a durable job carries it: it can be resumed.
    (A job left by a killed worker is put back in the queue by the next worker by itself.)"""
    return (
        dep.statut in (Depistage.Statut.EN_COURS, Depistage.Statut.EN_ATTENTE)
        and dep.lance_le is not None
        and not processus_vivant(dep.pid)
        and not tache_active(dep)
    )


def lancer(dep: Depistage) -> None:
    """Start (or resume) the calculation: a durable job on the « depistage » queue, run by
    `solidarites travailleur` (one screening at a time per worker of that queue: the number
    of concurrent screenings is the number of such workers, whatever the uploads)."""
    if getattr(settings, "DEPISTAGE_SYNCHRONE", False):  # tests: same process, same code path
        from depistage.execution import executer

        executer(dep.pk)
        return
    from solidarites.taches import executer_depistage, mettre_en_file

    dossier(dep).mkdir(parents=True, exist_ok=True)
    if not tache_active(dep):
        mettre_en_file(executer_depistage, str(dep.pk))
    Depistage.objects.filter(pk=dep.pk).update(
        pid=None, lance_le=timezone.now(), statut=Depistage.Statut.EN_ATTENTE, message=""
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
