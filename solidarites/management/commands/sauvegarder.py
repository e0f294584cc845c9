"""`solidarites sauvegarder`: the database and the uploaded files in one archive.

    solidarites sauvegarder --sortie /sauvegardes

See solidarites/sauvegarde.py and docs/exploitation.md (« Sauvegarde et restauration »).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from solidarites.sauvegarde import SauvegardeErreur, sauvegarder


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (SQLite : copie cohérente en ligne ; PostgreSQL : pg_dump) et les "
        "fichiers déposés (dépistages, pièces, clé de l'installation) dans une archive .tar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sortie",
            default=None,
            help="Dossier de l'archive (par défaut : <SOLIDARITES_VAR_DIR>/sauvegardes).",
        )

    def handle(self, *args, sortie=None, **options):
        dossier = sortie or settings.VAR_DIR / "sauvegardes"
        try:
            r = sauvegarder(dossier)
        except (SauvegardeErreur, OSError) as e:
            raise CommandError(f"Sauvegarde impossible : {e}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {r.archive} ({r.octets / 1e6:.1f} Mo, base {r.base}, "
                f"{r.fichiers} fichier(s))."
            )
        )
        return None
