"""`solidarites importer_rsa FICHIER [--dry-run]`: import a monthly CAF / MSA file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rsa import flux, importation, regles


class Command(BaseCommand):
    help = (
        "Importe le fichier mensuel des bénéficiaires du RSA (CSV ou XLSX de la CAF / MSA) : "
        "entrées, changements et sorties, rapprochés des dossiers existants. Idempotent (le même "
        "fichier deux fois ne change rien), en une transaction. --dry-run : rapport sans rien "
        "enregistrer."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Fichier CSV ou XLSX.")
        parser.add_argument(
            "--departement",
            help="Code du département (par défaut : lu dans le nom du fichier, « flux-rsa-77-… »).",
        )
        parser.add_argument("--mois", help="Mois du flux AAAA-MM, si le fichier ne le dit pas.")
        parser.add_argument("--dry-run", action="store_true", help="Essai : rien n'est enregistré.")

    def handle(self, *args, **options):
        chemin = Path(options["fichier"])
        if not chemin.is_file():
            raise CommandError(f"Fichier introuvable : {chemin}")
        departement = options["departement"] or _departement_du_nom(chemin.name)
        if not departement:
            raise CommandError(
                "Indiquez le département (--departement 77) : il ne se lit pas dans le nom du fichier."
            )
        mois = None
        if options["mois"]:
            try:
                mois = regles.lire_mois(options["mois"])
            except ValueError as e:
                raise CommandError(f"--mois : {e}") from e
        try:
            rapport = importation.importer(
                chemin.read_bytes(),
                chemin.name,
                departement=departement,
                essai=options["dry_run"],
                mois=mois,
            )
        except flux.FichierInvalide as e:
            raise CommandError(f"{chemin.name} : {e}") from e
        if rapport.deja_importe_le:
            self.stdout.write(f"Ce fichier a déjà été importé le {rapport.deja_importe_le}.")
        self.stdout.write(rapport.resume())
        for r in rapport.rejets:
            self.stdout.write(f"  rejetée — {r}")
        for r in rapport.avertissements:
            self.stdout.write(f"  avertissement — {r}")
        self.stdout.write(f"Durée : {rapport.duree_s:.1f} s.")


def _departement_du_nom(nom: str) -> str | None:
    import re

    m = re.search(r"(?:^|[-_])(\d{2,3})(?:[-_.])", nom)
    return m.group(1) if m else None
