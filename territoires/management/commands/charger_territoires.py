"""Load départements, EPCI and communes from content/territoires/ (idempotent, bulk)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from territoires import referentiel
from territoires.models import Commune, Departement, Epci
from territoires.recherche import normaliser


def charger(departements: list[str] | None = None) -> dict[str, int]:
    """Insert or update rows from the reference files; `departements` limits the communes loaded.

    Returns counts. Rows already identical are rewritten in bulk (cheap); nothing is deleted,
    because structures may still point at a commune that merged (the admin shows it).
    """
    deps = referentiel.departements()
    with transaction.atomic():
        Departement.objects.bulk_create(
            [Departement(code=c, nom=n) for c, n in deps.items()],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["nom"],
            batch_size=500,
        )
        communes = [
            c
            for c in referentiel.communes().values()
            if not departements or c.departement in departements
        ]
        codes_epci = {c.epci for c in communes if c.epci}
        Epci.objects.bulk_create(
            [
                Epci(code=code, nom=nom, type=type_)
                for code, (nom, type_) in referentiel.epcis().items()
                if code in codes_epci
            ],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["nom", "type"],
            batch_size=1000,
        )
        Commune.objects.bulk_create(
            [
                Commune(
                    code_insee=c.code_insee,
                    nom=c.nom,
                    nom_normalise=normaliser(c.nom),
                    departement_id=c.departement,
                    epci_id=c.epci or None,
                    codes_postaux=" ".join(c.codes_postaux),
                    population=c.population,
                )
                for c in communes
            ],
            update_conflicts=True,
            unique_fields=["code_insee"],
            update_fields=[
                "nom",
                "nom_normalise",
                "departement",
                "epci",
                "codes_postaux",
                "population",
            ],
            batch_size=2000,
        )
    return {"departements": len(deps), "epci": len(codes_epci), "communes": len(communes)}


class Command(BaseCommand):
    help = "Charge les départements, EPCI et communes de France (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement",
            action="append",
            dest="departements",
            help="Ne charger que les communes de ce département (répétable).",
        )

    def handle(self, *args, departements=None, **options):
        debut = time.perf_counter()
        n = charger(departements)
        duree = time.perf_counter() - debut
        self.stdout.write(
            f"Territoires chargés : {n['departements']} départements, {n['epci']} EPCI, "
            f"{n['communes']} communes en {duree:.1f} s."
        )
