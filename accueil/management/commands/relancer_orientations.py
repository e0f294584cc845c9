from django.core.management.base import BaseCommand

from accueil import services


class Command(BaseCommand):
    help = (
        "Signale les orientations sans réponse après ACCUEIL_ORIENTATION_RELANCE_JOURS jours et "
        "les passe à « expirée » après ACCUEIL_ORIENTATION_EXPIRATION_JOURS jours. Idempotent : "
        "à lancer chaque jour (cron, timer systemd)."
    )

    def handle(self, *args, **options):
        compte = services.relancer_orientations()
        self.stdout.write(
            f"{compte['relancees']} orientation(s) signalée(s) sans réponse, "
            f"{compte['expirees']} expirée(s)."
        )
