"""The project's base for commands that change or delete data (les-emplois' `--wet-run`).

A `CommandeModifiante`:
- is a **dry run by default**: it lists what would change and changes nothing; `--wet-run`
  applies (so that a command typed by hand, or copied from the docs, never deletes by surprise);
  `--dry-run` says the default explicitly (both together are refused);
- applies in **one transaction**: a failure leaves the database as it was (files already
  deleted on disk are not brought back: a command deletes a record's files with the record);
- is **logged** (logger `solidarites.commandes`: start, mode, number of changes, end), without
  personal data: the lines describe files by their reference, never by a name.

A subclass gives `a_changer(**options)` (the lines describing each change, computed by the same
selection the service applies) and `appliquer(**options)` (does it, returns a French summary).
"""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

logger = logging.getLogger("solidarites.commandes")

# Beyond this many lines, a dry run shows the first ones and the count of the others.
LIGNES_MAX = 50


class CommandeModifiante(BaseCommand):
    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--wet-run",
            action="store_true",
            help="Appliquer les changements. Sans cette option, la commande montre ce qui "
            "changerait et ne modifie rien.",
        )
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Simulation (par défaut) : montrer ce qui changerait, sans rien modifier.",
        )
        self.arguments(parser)

    def arguments(self, parser) -> None:
        """The command's own arguments."""

    def a_changer(self, **options) -> list[str]:
        raise NotImplementedError

    def appliquer(self, **options) -> str:
        raise NotImplementedError

    def handle(self, *args, wet_run: bool = False, dry_run: bool = False, **options):
        if wet_run and dry_run:  # call_command() does not enforce the exclusive group
            raise CommandError("--wet-run et --dry-run s'excluent : choisissez l'un des deux.")
        nom = self.__module__.rsplit(".", 1)[-1]
        debut = time.monotonic()
        mode = "application" if wet_run else "simulation"
        logger.info("%s : début (%s)", nom, mode)
        with transaction.atomic():
            lignes = self.a_changer(**options)
            for ligne in lignes[:LIGNES_MAX]:
                self.stdout.write(f"  {ligne}")
            if len(lignes) > LIGNES_MAX:
                self.stdout.write(f"  … et {len(lignes) - LIGNES_MAX} autre(s).")
            if not wet_run:
                self.stdout.write(
                    f"Simulation : {len(lignes)} changement(s) prévu(s), rien n'a été modifié. "
                    "Relancez avec --wet-run pour appliquer."
                )
                logger.info("%s : simulation, %d changement(s) prévu(s)", nom, len(lignes))
                return
            resume = self.appliquer(**options)
        self.stdout.write(resume)
        logger.info("%s : appliqué en %.1f s : %s", nom, time.monotonic() - debut, resume)
