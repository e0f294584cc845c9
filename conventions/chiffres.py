"""Chiffre clé des conventions, enregistré dans le registre de `chiffres`."""

from __future__ import annotations

from chiffres import registre
from chiffres.registre import Indicateur, Periode, Valeur


def montants_annee(dep: str, periode: Periode) -> list[Valeur]:
    from django.db.models import Count, Sum

    from conventions.models import MontantAnnuel

    annee = periode.fin.year
    agg = MontantAnnuel.objects.filter(convention__departement_id=dep, annee=annee).aggregate(
        total=Sum("montant"), conventions=Count("convention", distinct=True)
    )
    return [
        Valeur(float(agg["total"] or 0), f"Montants {annee} (€)", personnes=False),
        Valeur(agg["conventions"], f"Conventions financées en {annee}", personnes=False),
    ]


def enregistrer() -> None:
    registre.enregistrer(
        Indicateur(
            "conventions.montants_annee",
            "Montants des conventions avec les partenaires",
            "Somme des montants annuels inscrits dans les conventions du département pour "
            "l'année de fin de période, et nombre de conventions financées cette année-là.",
            "€ / conventions",
            "Partenariats",
            montants_annee,
            ordre=50,
        )
    )
