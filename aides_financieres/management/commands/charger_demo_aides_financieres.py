"""Step of `charger_contenus`: the single fund's yearly envelopes (always) and, with
SOLIDARITES_DEMO=1, a year of demo applications for 77, 94 and 71 (people's files labelled
« (démo) »). Idempotent."""

import os

from django.core.management.base import BaseCommand

from aides_financieres import demo


class Command(BaseCommand):
    help = (
        "Charge les enveloppes de l'année du fonds unique et, avec SOLIDARITES_DEMO=1, une année "
        "de demandes de démonstration (77, 94, 71). Idempotent."
    )

    def handle(self, *args, **options):
        personnel = os.environ.get("SOLIDARITES_DEMO") == "1"
        resume = demo.charger(personnel)
        self.stdout.write(f"Aides financières : {resume['enveloppes']} enveloppes de l'année.")
        if personnel:
            self.stdout.write(
                f"Aides financières : {resume.get('demandes', 0)} demandes de démonstration "
                "(compte demo.ccas.social, mot de passe demo-solidarites-2026)."
            )
        else:
            self.stdout.write(
                "Aides financières : pas de demande de démonstration (SOLIDARITES_DEMO=1 pour "
                "en créer)."
            )
