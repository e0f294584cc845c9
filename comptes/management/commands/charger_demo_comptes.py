import os

from django.core.management.base import BaseCommand

from comptes.demo import COMPTES_DEMO, MOT_DE_PASSE_DEMO, charger_comptes_demo


class Command(BaseCommand):
    help = (
        "Crée les comptes de démonstration (mot de passe publié) : seulement si "
        "SOLIDARITES_DEMO=1 ou --force. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Créer les comptes même sans SOLIDARITES_DEMO=1."
        )

    def handle(self, *args, force=False, **options):
        if not force and os.environ.get("SOLIDARITES_DEMO") != "1":
            self.stdout.write(
                "Comptes de démonstration non créés (ni SOLIDARITES_DEMO=1 ni --force)."
            )
            return
        faits = charger_comptes_demo()
        if len(faits) < len(COMPTES_DEMO):
            self.stderr.write(
                "Certaines structures de démonstration manquent (MDS de Melun, CCAS de Melun, "
                "autre MDS, services du Département, France Travail Melun) : lancez d'abord "
                "charger_annuaire."
            )
        for username, structure, role in faits:
            self.stdout.write(f"  {username:<26} {role:<60} {structure}")
        if faits:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(faits)} comptes de démonstration, mot de passe : {MOT_DE_PASSE_DEMO}"
                )
            )
