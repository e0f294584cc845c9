"""Loads every maintained content folder (content/) and the demo data, in dependency order.

Each step is an app's own idempotent command; running this twice leaves the same state. A step
that is not installed is an error, not a silent skip: the command stops with a French message
and a non-zero exit status (a deployment must not go on with half its content).
"""

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from solidarites import contenu

# In dependency order: communes before structures, rights before the directory that links them.
ETAPES = [
    "charger_territoires",
    "charger_droits",
    "charger_annuaire",
    "charger_demo_comptes",
    "charger_demo_aides_financieres",
    "charger_demo_rsa",
    "charger_engagements",
    "charger_conventions",
    "charger_participation",
    "charger_demo_activite",
]


class Command(BaseCommand):
    help = "Charge les contenus (droits, territoires, annuaire) et les données de démonstration."

    def handle(self, *args, **options):
        connues = get_commands()
        manquantes = [nom for nom in ETAPES if nom not in connues]
        if manquantes:
            raise CommandError(
                "Étape(s) introuvable(s) : "
                + ", ".join(manquantes)
                + ". Vérifiez que l'application qui la fournit est dans INSTALLED_APPS ; "
                "rien n'a été chargé."
            )
        try:
            for nom in ETAPES:
                self.stdout.write(f"→ {nom}")
                try:
                    call_command(nom, stdout=self.stdout, stderr=self.stderr)
                except CommandError as exc:
                    raise CommandError(f"Étape « {nom} » en échec : {exc}") from exc
        finally:
            # Even after a failed step (what was loaded is shown): a new content version, so
            # that the cache of public pages never serves a page of the previous content.
            contenu.changer()
