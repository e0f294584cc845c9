"""`solidarites purger_bilans [--wet-run]`: delete the kept bilans past their 30 days."""

from django.utils import timezone

from bilan.services import bilans_expires, purger_bilans_expires
from solidarites.commandes import CommandeModifiante


class Command(CommandeModifiante):
    help = (
        "Supprime les bilans conservés dont le délai de 30 jours est passé. Sans --wet-run : "
        "montre ce qui serait supprimé. À lancer chaque jour avec --wet-run."
    )

    def a_changer(self, **options):
        # The code opens the bilan: it is never shown.
        return [
            f"bilan conservé le {timezone.localtime(b.cree_le):%d/%m/%Y}, "
            f"expiré le {timezone.localtime(b.expire_le):%d/%m/%Y}"
            for b in bilans_expires().order_by("expire_le")
        ]

    def appliquer(self, **options):
        return f"{purger_bilans_expires()} bilan(s) expiré(s) supprimé(s)."
