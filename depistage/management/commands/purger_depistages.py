"""`solidarites purger_depistages`: delete screenings (files and results) past their delay."""

from django.core.management.base import BaseCommand

from depistage.stockage import conservation, purger


class Command(BaseCommand):
    help = (
        "Supprime les fichiers déposés et les résultats des dépistages arrivés au terme de leur "
        "délai de conservation (à lancer chaque jour, par cron ou timer systemd)."
    )

    def handle(self, *args, **opts):
        n = purger()
        self.stdout.write(
            f"{n} dépistage(s) supprimé(s) (conservation : {conservation().days} jours)."
        )
