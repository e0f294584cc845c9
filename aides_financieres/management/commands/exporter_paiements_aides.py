"""Export for the département's accounting: the payments of a period as CSV (read-only)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from aides_financieres.selectors import export_comptable


def _date(texte: str, nom: str) -> dt.date:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        raise CommandError(
            f"--{nom} : une date AAAA-MM-JJ est attendue (reçu « {texte} »)."
        ) from None


class Command(BaseCommand):
    help = (
        "Exporte les paiements d'aides financières d'une période pour la comptabilité (CSV, "
        "séparateur « ; », UTF-8) : sur la sortie standard ou dans --fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", required=True, choices=["77", "94", "71"])
        parser.add_argument("--du", required=True, help="Premier jour (AAAA-MM-JJ).")
        parser.add_argument("--au", required=True, help="Dernier jour (AAAA-MM-JJ).")
        parser.add_argument("--fichier", help="Chemin du fichier CSV à écrire.")

    def handle(self, *args, departement, du, au, fichier=None, **options):
        debut, fin = _date(du, "du"), _date(au, "au")
        if debut > fin:
            raise CommandError("--du doit précéder --au.")
        texte = export_comptable(departement, debut, fin)
        lignes = texte.count("\n") - 1
        if fichier:
            with open(fichier, "w", encoding="utf-8", newline="") as f:
                f.write(texte)
            self.stderr.write(f"{lignes} paiement(s) écrit(s) dans {fichier}.")
        else:
            self.stdout.write(texte, ending="")
