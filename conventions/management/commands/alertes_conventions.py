"""`solidarites alertes_conventions [--jours N] [--wet-run]` : prévient la direction du
pilotage avant la fin d'une convention ou sa revue annuelle."""

from django.core.management.base import CommandError
from django.utils import timezone

from conventions import services
from solidarites.commandes import CommandeModifiante


class Command(CommandeModifiante):
    help = (
        "Envoie un courriel aux comptes « pilotage » du département pour chaque convention dont "
        "la fin ou la revue annuelle tombe dans les N jours (60 par défaut), une seule fois par "
        "échéance. Sans --wet-run : montre les alertes qui partiraient. À lancer chaque jour."
    )

    def arguments(self, parser):
        parser.add_argument("--jours", type=int, default=60, help="Horizon en jours (défaut : 60).")

    def _jours(self, jours):
        if jours is None or jours < 0:
            raise CommandError("--jours : un nombre de jours positif ou nul est attendu.")
        return jours

    def a_changer(self, jours=60, **options):
        lignes = []
        for c, nature, date in services.echeances_proches(timezone.localdate(), self._jours(jours)):
            n = len(services.destinataires(c.departement_id))
            quoi = "fin" if nature == "fin" else "revue annuelle"
            lignes.append(
                f"convention {c.cle} ({c.departement_id}) : {quoi} le {date:%d/%m/%Y}, "
                f"{n} destinataire(s)"
            )
        return lignes

    def appliquer(self, jours=60, **options):
        n = services.envoyer_alertes(timezone.localdate(), self._jours(jours))
        return f"{n} alerte(s) envoyée(s)."
