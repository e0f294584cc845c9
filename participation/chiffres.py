"""Chiffres clés de la participation, enregistrés dans le registre de `chiffres`."""

from __future__ import annotations

from chiffres import registre
from chiffres.registre import Indicateur, Periode, Valeur


def comites_par_eds(dep: str, periode: Periode) -> list[Valeur]:
    from annuaire.models import Structure
    from annuaire.typologies import BUREAUX_LOCAUX

    bureaux = Structure.objects.filter(departement_id=dep, typologie__in=BUREAUX_LOCAUX)
    avec = bureaux.filter(comites__actif=True).distinct().count()
    return [
        Valeur(avec, "MDS ou EDS dotés d'un comité actif", sur=bureaux.count(), personnes=False)
    ]


def reunions_tenues(dep: str, periode: Periode) -> list[Valeur]:
    import datetime as dt

    from django.utils import timezone

    from participation.models import Reunion

    tz = timezone.get_current_timezone()
    qs = Reunion.objects.filter(
        comite__structure__departement_id=dep,
        date__gte=dt.datetime.combine(periode.debut, dt.time.min, tzinfo=tz),
        date__lte=timezone.now(),
    )
    return [
        Valeur(qs.count(), "Réunions tenues", personnes=False),
        Valeur(
            qs.filter(compte_rendu_publie=True).count(), "Dont compte rendu publié", personnes=False
        ),
    ]


def enregistrer() -> None:
    registre.enregistrer(
        Indicateur(
            "participation.comites_par_eds",
            "Comités d'usagers dans les MDS et EDS",
            "Maisons ou espaces départementaux des solidarités qui accueillent un comité "
            "d'usagers ou un comité de vie sociale actif, sur tous.",
            "structures",
            "Participation",
            comites_par_eds,
            ordre=30,
        )
    )
    registre.enregistrer(
        Indicateur(
            "participation.reunions",
            "Réunions des comités d'usagers",
            "Réunions des comités du département tenues pendant la période (jusqu'à "
            "aujourd'hui), et celles dont le compte rendu est publié.",
            "réunions",
            "Participation",
            reunions_tenues,
            ordre=31,
        )
    )
