from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from annuaire.models import Secteur
from annuaire.typologies import BUREAUX_LOCAUX, TYPOLOGIES
from territoires.models import Commune


def communes_sans_bureau(departements, typologies) -> dict[str, list[Commune]]:
    """typologie -> communes of these départements that no office of that kind serves."""
    out = {}
    for t in typologies:
        servies = Secteur.objects.filter(typologie__in=t).values("commune_id")
        out["/".join(t)] = list(
            Commune.objects.filter(departement_id__in=departements)
            .exclude(pk__in=servies)
            .order_by("code_insee")
        )
    return out


class Command(BaseCommand):
    help = (
        "Signale les communes des départements de la plateforme qu'aucun bureau local "
        "(MDS/EDS) ni pôle autonomie ne dessert. Code de sortie 1 s'il en manque."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", action="append", dest="departements")

    def handle(self, *args, departements=None, **options):
        departements = departements or list(settings.DEPARTEMENTS)
        manques = communes_sans_bureau(departements, [BUREAUX_LOCAUX, ("pole-autonomie",)])
        total = 0
        for cle, communes in manques.items():
            libelle = " / ".join(TYPOLOGIES[t].split(" (")[0] for t in cle.split("/"))
            if not communes:
                self.stdout.write(f"✔ Toutes les communes ont un(e) {libelle}.")
                continue
            total += len(communes)
            self.stdout.write(f"✘ {len(communes)} commune(s) sans {libelle} :")
            for c in communes:
                self.stdout.write(f"   {c.code_insee} {c.nom} ({c.departement_id})")
        if total:
            raise CommandError(f"{total} commune(s) sans secteur.")
