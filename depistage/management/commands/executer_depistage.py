"""`solidarites executer_depistage <id>`: run (or resume) a screening uploaded from the web."""

from django.core.management.base import BaseCommand, CommandError

from depistage.execution import executer
from depistage.models import Depistage


class Command(BaseCommand):
    help = "Calcule (ou reprend) un dépistage déposé depuis l'interface web."

    def add_arguments(self, parser):
        parser.add_argument("identifiant")
        parser.add_argument("--processus", type=int, default=None)

    def handle(self, *args, **opts):
        try:
            dep = executer(opts["identifiant"], opts["processus"])
        except (Depistage.DoesNotExist, ValueError) as exc:
            raise CommandError("Dépistage introuvable.") from exc
        self.stdout.write(f"Dépistage {dep.pk} : {dep.get_statut_display()}.")
