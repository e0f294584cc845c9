"""`solidarites restaurer ARCHIVE --oui`: puts back a backup of `solidarites sauvegarder`.

Stop the web and job processes first. See solidarites/sauvegarde.py and docs/exploitation.md.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from solidarites.sauvegarde import SauvegardeErreur, restaurer


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde : remplace TOUTE la base et les fichiers déposés par ceux de "
        "l'archive (arrêtez d'abord le serveur web et le travailleur)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Fichier .tar écrit par « solidarites sauvegarder ».")
        parser.add_argument(
            "--oui",
            action="store_true",
            help="Confirme le remplacement des données actuelles (obligatoire).",
        )

    def handle(self, *args, archive, oui=False, **options):
        if not oui:
            raise CommandError(
                "La restauration remplace toutes les données actuelles : relancez avec --oui "
                "pour confirmer (serveur web et travailleur arrêtés)."
            )
        try:
            manifeste = restaurer(archive)
        except (SauvegardeErreur, OSError) as e:
            raise CommandError(f"Restauration impossible : {e}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifeste['date']} restaurée ({manifeste['moteur']}, "
                f"{len(manifeste['fichiers'])} fichier(s)). Lancez ensuite "
                "« solidarites migrate » si la version du logiciel est plus récente."
            )
        )
