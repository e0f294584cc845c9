import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from annuaire.data_inclusion import exporter_json
from annuaire.models import Structure


class Command(BaseCommand):
    help = "Exporte l'annuaire au format data·inclusion v1 (JSON) vers un fichier ou la sortie."

    def add_arguments(self, parser):
        parser.add_argument("--sortie", type=Path, help="Fichier à écrire (sinon la sortie).")
        parser.add_argument("--departement")
        parser.add_argument("--sans-demo", action="store_true", help="Exclure la démonstration.")

    def handle(self, *args, sortie=None, departement=None, sans_demo=False, **options):
        qs = Structure.objects.all()
        if departement:
            qs = qs.filter(departement_id=departement)
        if sans_demo:
            qs = qs.filter(demo=False)
        texte = exporter_json(qs)
        if sortie:
            sortie.write_text(texte, encoding="utf-8")
            self.stdout.write(f"Export écrit dans {sortie}.")
        else:
            sys.stdout.write(texte)
