from django.core.management.base import BaseCommand

from conventions import services


class Command(BaseCommand):
    help = (
        "Charge les conventions publiées (content/conventions/*.yaml), de façon idempotente ; "
        "les relevés saisis sur la plateforme sont gardés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Lire et compter sans enregistrer."
        )

    def handle(self, *args, dry_run=False, **options):
        import os

        from django.db import transaction

        with transaction.atomic():
            n = services.charger(demo=os.environ.get("SOLIDARITES_DEMO") == "1" or dry_run)
            if dry_run:
                transaction.set_rollback(True)
        if os.environ.get("SOLIDARITES_DEMO") == "1" and not dry_run:
            from conventions.demo import charger_comptes

            for username, structure, role in charger_comptes():
                self.stdout.write(f"  {username:<32} {role:<12} {structure}")
        self.stdout.write(
            f"{n['conventions']} conventions, {n['parties']} parties, {n['montants']} montants "
            "annuels" + (" (essai : rien n'est enregistré)." if dry_run else ".")
        )
