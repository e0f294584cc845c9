from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annuaire.import_csv import COLONNES, ImportInvalide, importer


class Command(BaseCommand):
    help = (
        "Importe des structures depuis un fichier CSV (une structure par ligne, UTF-8, "
        "séparateur « ; » ou « , »). Colonnes : " + ", ".join(COLONNES) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--departement", help="Refuser les communes hors de ce département.")

    def handle(self, *args, fichier: Path, departement=None, **options):
        try:
            texte = fichier.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise CommandError(f"Fichier illisible ({fichier}) : {e}") from None
        try:
            n = importer(texte, departement)
        except ImportInvalide as e:
            raise CommandError(
                f"Import refusé, rien n'a été écrit ({len(e.erreurs)} erreur(s)) :\n"
                + "\n".join(f"  {x}" for x in e.erreurs)
            ) from None
        self.stdout.write(f"{n['structures']} structure(s) et {n['services']} service(s) importés.")
