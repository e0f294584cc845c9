import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from annuaire.data_inclusion import importer
from solidarites.erreurs import ErreurChamps


class Command(BaseCommand):
    help = "Importe des structures et services au format data·inclusion v1 (JSON), tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)

    def handle(self, *args, fichier: Path, **options):
        try:
            donnees = json.loads(fichier.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CommandError(f"Fichier illisible ({fichier}) : {e}") from None
        try:
            n = importer(donnees)
        except ErreurChamps as e:
            raise CommandError(
                f"Import refusé, rien n'a été écrit ({len(e.erreurs)} erreur(s)) :\n"
                + "\n".join(f"  {x['champ']} : {x['message']}" for x in e.erreurs)
            ) from None
        self.stdout.write(f"{n['structures']} structure(s) et {n['services']} service(s) importés.")
