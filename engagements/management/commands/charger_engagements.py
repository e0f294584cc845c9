from django.core.management.base import BaseCommand

from engagements import services


class Command(BaseCommand):
    help = (
        "Charge les schémas et engagements publiés (content/engagements/*.yaml), de façon "
        "idempotente ; les changements de statut saisis sur la plateforme sont gardés."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Lire et compter sans rien enregistrer."
        )

    def handle(self, *args, dry_run=False, **options):
        from django.db import transaction

        with transaction.atomic():
            n = services.charger()
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(
            f"{n['schemas']} schémas ou démarches, {n['engagements']} engagements, "
            f"{n['changements']} changements de statut d'origine"
            + (" (essai : rien n'est enregistré)." if dry_run else ".")
        )
