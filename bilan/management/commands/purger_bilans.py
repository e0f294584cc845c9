"""solidarites purger_bilans: delete the kept bilans older than 30 days (run daily)."""

from django.core.management.base import BaseCommand

from bilan.services import purger_bilans_expires


class Command(BaseCommand):
    help = "Supprime les bilans conservés dont le délai de 30 jours est passé."

    def handle(self, **options):
        n = purger_bilans_expires()
        self.stdout.write(f"{n} bilan(s) expiré(s) supprimé(s).")
