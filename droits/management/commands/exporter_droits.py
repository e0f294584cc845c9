from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from droits import chargement
from droits.schema import ErreursContenu


class Command(BaseCommand):
    help = "Exporte les droits publiés de la base en fichiers YAML (un fichier par droit)."

    def add_arguments(self, parser):
        parser.add_argument("--dossier", type=Path, required=True, help="Dossier de sortie.")

    def handle(self, *args, dossier, **options):
        try:
            ecrits = chargement.exporter(dossier)
        except ErreursContenu as exc:
            raise CommandError(
                "Des droits de la base ne respectent pas le format des fiches, rien n'a été "
                "écrit :\n" + "\n".join(f"- {e}" for e in exc.erreurs)
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"{len(ecrits)} fiches écrites dans {dossier}."))
