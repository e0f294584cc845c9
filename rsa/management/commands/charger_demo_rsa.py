"""`solidarites charger_demo_rsa`: the RSA demo data (only with SOLIDARITES_DEMO=1 or --force)."""

import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Données de démonstration du parcours RSA : fichiers mensuels de démonstration importés "
        "(77, 94, 71), orientations, référents, rendez-vous, contrats, accompagnement global. "
        "Seulement avec SOLIDARITES_DEMO=1 ou --force. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Même sans SOLIDARITES_DEMO=1.")

    def handle(self, *args, **options):
        if not options["force"] and os.environ.get("SOLIDARITES_DEMO") != "1":
            self.stdout.write(
                "Données de démonstration du RSA non chargées (ni SOLIDARITES_DEMO=1 ni --force)."
            )
            return
        from rsa import demo

        demo.charger(sortie=self.stdout.write)
