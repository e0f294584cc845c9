import os

from django.core.management.base import BaseCommand

from chiffres import demo


class Command(BaseCommand):
    help = (
        "Crée l'activité de démonstration des chiffres clés (dossiers, contacts, orientations, "
        "bilans conservés, un dépistage) : seulement si SOLIDARITES_DEMO=1 ou --force. "
        "Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="Compter sans enregistrer.")

    def handle(self, *args, force=False, dry_run=False, **options):
        if not force and os.environ.get("SOLIDARITES_DEMO") != "1":
            self.stdout.write(
                "Activité de démonstration non créée (ni SOLIDARITES_DEMO=1 ni --force)."
            )
            return
        from django.db import transaction

        with transaction.atomic():
            n = demo.charger()
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(
            ", ".join(f"{v} {k}" for k, v in n.items())
            + (" (essai : rien n'est enregistré)." if dry_run else " de démonstration.")
        )
