"""Loads every maintained content folder (content/) and the demo data, in dependency order.

Each step is an app's own idempotent command; running this twice leaves the same state.
"""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

# In dependency order: communes before structures, rights before the directory that links them.
ETAPES = [
    "charger_territoires",
    "charger_droits",
    "charger_annuaire",
    "charger_demo_comptes",
    "charger_engagements",
    "charger_demo_activite",
]


class Command(BaseCommand):
    help = "Charge les contenus (droits, territoires, annuaire) et les données de démonstration."

    def handle(self, *args, **options):
        known = get_commands()
        for name in ETAPES:
            if name in known:
                self.stdout.write(f"→ {name}")
                call_command(name, stdout=self.stdout, stderr=self.stderr)
