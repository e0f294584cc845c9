import os

from django.core.management.base import BaseCommand
from django.db import transaction

from participation import services


class Command(BaseCommand):
    help = (
        "Charge les comités d'usagers, réunions, propositions et événements publiés "
        "(content/participation/*.yaml), de façon idempotente ; membres de démonstration avec "
        "SOLIDARITES_DEMO=1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Lire et compter sans enregistrer."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            n = services.charger(demo=os.environ.get("SOLIDARITES_DEMO") == "1")
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(
            f"{n['comites']} comités, {n['reunions']} réunions, {n['evenements']} événements, "
            f"{n['membres']} membres de démonstration"
            + (" (essai : rien n'est enregistré)." if dry_run else ".")
        )
