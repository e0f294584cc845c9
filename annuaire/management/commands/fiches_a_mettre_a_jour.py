from django.core.management.base import BaseCommand

from annuaire.fraicheur import SEUIL_A_METTRE_A_JOUR
from annuaire.selectors import fiches_a_mettre_a_jour


class Command(BaseCommand):
    help = "Liste les fiches de l'annuaire dont le score de fraîcheur est sous le seuil."

    def add_arguments(self, parser):
        parser.add_argument("--departement")
        parser.add_argument("--seuil", type=float, default=SEUIL_A_METTRE_A_JOUR)

    def handle(self, *args, departement=None, seuil=SEUIL_A_METTRE_A_JOUR, **options):
        fiches = fiches_a_mettre_a_jour(departement, seuil)
        for s, score in fiches:
            self.stdout.write(f"{score.pourcentage:3d} %  {s.nom} (#{s.pk})")
            for conseil in score.a_corriger:
                self.stdout.write(f"        - {conseil}")
        self.stdout.write(f"{len(fiches)} fiche(s) sous {round(seuil * 100)} %.")
