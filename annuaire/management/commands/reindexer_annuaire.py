from django.core.management.base import BaseCommand

from annuaire.zones import reindexer


class Command(BaseCommand):
    help = "Reconstruit l'index de recherche de l'annuaire (zones, secteurs, thématiques)."

    def handle(self, *args, **options):
        n = reindexer()
        self.stdout.write(f"Index de l'annuaire reconstruit : {n} lignes.")
