from django.core.management.base import BaseCommand, CommandError

from annuaire.chargement import charger
from solidarites.erreurs import ErreurChamps
from territoires.models import Commune


class Command(BaseCommand):
    help = "Charge l'annuaire de démonstration (content/annuaire/*.yaml), de façon idempotente."

    def add_arguments(self, parser):
        parser.add_argument("--departement", action="append", dest="departements")

    def handle(self, *args, departements=None, **options):
        if not Commune.objects.exists():
            raise CommandError("Chargez d'abord les communes : solidarites charger_territoires.")
        try:
            n = charger(departements=departements)
        except ErreurChamps as e:
            raise CommandError(
                "Annuaire non chargé (rien n'a été écrit) :\n"
                + "\n".join(f"  {x['champ']} : {x['message']}" for x in e.erreurs)
            ) from None
        self.stdout.write(
            f"Annuaire chargé : {n['structures']} structures, {n['services']} services, "
            f"{n['permanences']} permanences, {n['secteurs']} communes sectorisées."
        )
