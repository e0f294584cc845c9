"""`solidarites purger_depistages [--wet-run]`: delete screenings (files and results) past their
delay."""

from django.utils import timezone

from depistage.stockage import a_purger, conservation, purger
from solidarites.commandes import CommandeModifiante


class Command(CommandeModifiante):
    help = (
        "Supprime les fichiers déposés et les résultats des dépistages arrivés au terme de leur "
        "délai de conservation. Sans --wet-run : montre ce qui serait supprimé. À lancer chaque "
        "jour avec --wet-run (cron ou timer systemd)."
    )

    def a_changer(self, **options):
        expires, orphelins = a_purger()
        return [
            f"dépistage {d.pk} (mois {d.mois}, déposé le "
            f"{timezone.localtime(d.cree_le):%d/%m/%Y}, expiré le "
            f"{timezone.localtime(d.expire_le):%d/%m/%Y})"
            for d in expires.order_by("expire_le")
        ] + [f"dossier sans dépistage : {p.name}" for p in orphelins]

    def appliquer(self, **options):
        n = purger()
        return f"{n} dépistage(s) supprimé(s) (conservation : {conservation().days} jours)."
