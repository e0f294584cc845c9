from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from droits import chargement
from droits.schema import ErreursContenu


class Command(BaseCommand):
    help = (
        "Charge les fiches droits (content/droits/*.yaml) dans la base, de façon idempotente. "
        "Un droit publié dont le fichier a disparu est dépublié (passé en brouillon)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            default=None,
            help="Dossier des fiches (par défaut : content/droits).",
        )

    def handle(self, *args, dossier=None, **options):
        try:
            bilan = chargement.charger(dossier)
        except ErreursContenu as exc:
            raise CommandError(
                f"{len(exc.erreurs)} erreur(s) dans les fiches droits, rien n'a été chargé :\n"
                + "\n".join(f"- {e}" for e in exc.erreurs)
            ) from exc
        self.stdout.write(self.style.SUCCESS(str(bilan)))
        if bilan.retires:
            self.stdout.write("Dépubliés : " + ", ".join(bilan.retires))
