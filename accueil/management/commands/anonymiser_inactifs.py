from django.core.management.base import BaseCommand, CommandError

from accueil import services


class Command(BaseCommand):
    help = (
        "Anonymise les dossiers sans activité depuis la durée de conservation "
        "(ACCUEIL_RETENTION_JOURS, 2 ans par défaut) et les demandes en ligne plus anciennes. "
        "Idempotent : à lancer chaque nuit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jours",
            type=int,
            default=None,
            help="Durée de conservation en jours (défaut : réglage).",
        )

    def handle(self, *args, jours=None, **options):
        if jours is not None and jours < 1:
            raise CommandError("--jours : un nombre de jours positif est attendu.")
        compte = services.anonymiser_inactifs(jours=jours)
        self.stdout.write(
            f"{compte['dossiers']} dossier(s) et {compte['demandes']} demande(s) en ligne anonymisé(s)."
        )
