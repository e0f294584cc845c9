"""`solidarites anonymiser_inactifs [--jours N] [--wet-run]`: end of the retention period."""

from django.core.management.base import CommandError

from accueil import services
from solidarites.commandes import CommandeModifiante


class Command(CommandeModifiante):
    help = (
        "Anonymise les dossiers sans activité depuis la durée de conservation "
        "(ACCUEIL_RETENTION_JOURS, 2 ans par défaut) et les demandes en ligne plus anciennes. "
        "Sans --wet-run : montre ce qui serait anonymisé. Idempotent : à lancer chaque nuit "
        "avec --wet-run."
    )

    def arguments(self, parser):
        parser.add_argument(
            "--jours",
            type=int,
            default=None,
            help="Durée de conservation en jours (défaut : réglage).",
        )

    def _verifier(self, jours):
        if jours is not None and jours < 1:
            raise CommandError("--jours : un nombre de jours positif est attendu.")

    def a_changer(self, jours=None, **options):
        self._verifier(jours)
        personnes, demandes = services.a_anonymiser(jours=jours)
        return [
            f"dossier {p.reference} : dernière activité le {p.derniere_activite:%d/%m/%Y}"
            for p in personnes.order_by("derniere_activite")
        ] + [f"demande en ligne {d.reference}" for d in demandes.order_by("cree_le")]

    def appliquer(self, jours=None, **options):
        compte = services.anonymiser_inactifs(jours=jours)
        return (
            f"{compte['dossiers']} dossier(s) et {compte['demandes']} demande(s) en ligne "
            "anonymisé(s)."
        )
