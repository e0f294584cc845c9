"""Running a web screening to its end and recording the outcome on its record."""

from __future__ import annotations

import os

from django.utils import timezone

from depistage import stockage
from depistage.lecture import ErreurFichier
from depistage.models import Depistage
from depistage.traitement import ErreurDepistage, Options, depister


def executer(pk, processus: int | None = None) -> Depistage:
    dep = Depistage.objects.get(pk=pk)
    Depistage.objects.filter(pk=pk).update(
        statut=Depistage.Statut.EN_COURS, pid=os.getpid(), lance_le=timezone.now(), message=""
    )
    options = Options(
        entree=stockage.entree(dep),
        sortie=stockage.fichiers(dep).sortie,
        mois=dep.mois,
        processus=processus
        or int(os.environ.get("SOLIDARITES_DEPISTAGE_PROCESSUS", "0"))
        or os.cpu_count()
        or 1,
        taille_lot=int(os.environ.get("SOLIDARITES_DEPISTAGE_TAILLE_LOT", "10000")),
        nom_fichier=dep.nom_fichier,  # not the stored copy's internal name
    )
    try:
        synthese = depister(options)
    except (ErreurFichier, ErreurDepistage) as exc:
        Depistage.objects.filter(pk=pk).update(
            statut=Depistage.Statut.ECHEC, message=str(exc), termine_le=timezone.now(), pid=None
        )
    except Exception:
        Depistage.objects.filter(pk=pk).update(
            statut=Depistage.Statut.ECHEC,
            message="Le calcul s'est arrêté sur une erreur inattendue. Il peut être repris.",
            termine_le=timezone.now(),
            pid=None,
        )
        raise
    else:
        Depistage.objects.filter(pk=pk).update(
            statut=Depistage.Statut.TERMINE, synthese=synthese, termine_le=timezone.now(), pid=None
        )
    return Depistage.objects.get(pk=pk)
