"""`solidarites depistage ENTREE.csv --sortie SORTIE.csv`: screen a file of households."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from depistage.lecture import ErreurFichier
from depistage.tableur import convertir_fichier
from depistage.traitement import Avancement, ErreurDepistage, Fichiers, Options, depister


def _mois_courant() -> str:
    return time.strftime("%Y-%m")


class _Barre:
    """tqdm bar on a terminal (rate and time left); plain lines otherwise (logs, web runs)."""

    def __init__(self, flux, tty: bool, tous_les: int):
        self.flux = flux
        self.tty = tty
        self.tous_les = max(1, tous_les)
        self.barre = None
        self.fait = 0

    def __call__(self, av: Avancement) -> None:
        if self.tty:
            if self.barre is None:
                from tqdm import tqdm

                self.barre = tqdm(
                    total=av.lignes_total,
                    unit=" lignes",
                    unit_scale=True,
                    desc="Dépistage",
                    file=self.flux,
                    dynamic_ncols=True,
                )
            self.barre.update(av.lignes_faites - self.fait)
            self.barre.set_postfix_str(f"{av.menages_faits} ménages", refresh=False)
            self.fait = av.lignes_faites
            return
        if av.lots_faits % self.tous_les and av.lignes_faites < av.lignes_total:
            return
        ecoule = time.monotonic() - av.debut
        calcules = av.lots_faits - av.lots_repris
        debit = av.menages_faits / ecoule if ecoule > 0 and calcules else 0.0
        part = av.lignes_faites / av.lignes_total if av.lignes_total else 1.0
        reste = ecoule * (1 - part) / part if part > 0 else 0.0
        self.flux.write(
            f"[dépistage] lot {av.lots_faits} : {av.lignes_faites}/{av.lignes_total} lignes "
            f"({100 * part:.0f} %), {av.menages_faits} ménages, {debit:.0f} ménages/s, "
            f"reste environ {reste:.0f} s\n"
        )
        self.flux.flush()

    def fermer(self) -> None:
        if self.barre is not None:
            self.barre.close()


class Command(BaseCommand):
    help = (
        "Dépiste, dans un fichier CSV de ménages, les droits probablement non demandés "
        "(mêmes règles et mêmes montants que le bilan d'accès aux droits)."
    )

    def add_arguments(self, parser):
        parser.add_argument("entree", type=Path, help="Fichier CSV des ménages (UTF-8, ; ou ,).")
        parser.add_argument("--sortie", type=Path, required=True, help="Fichier CSV de sortie.")
        parser.add_argument(
            "--mois", default=None, help="Mois calculé, AAAA-MM (défaut : ce mois)."
        )
        parser.add_argument(
            "--taille-lot",
            type=int,
            default=10000,
            help="Ménages par lot (une simulation OpenFisca par lot ; la mémoire en dépend).",
        )
        parser.add_argument(
            "--processus",
            type=int,
            default=os.cpu_count() or 1,
            help="Processus de calcul (défaut : un par cœur).",
        )
        parser.add_argument(
            "--dask",
            default=None,
            metavar="ADRESSE|local",
            help="Calculer sur un cluster Dask (adresse de l'ordonnanceur) ou « local ».",
        )
        parser.add_argument(
            "--format",
            choices=["auto", "personnes", "menages"],
            default="auto",
            help="Une ligne par personne ou par ménage (défaut : détecté d'après l'en-tête).",
        )
        parser.add_argument(
            "--format-sortie",
            choices=["csv", "tableur"],
            default="csv",
            help="csv : virgule et point décimal (pour un programme, défaut) ; tableur : "
            "point-virgule, virgule décimale, UTF-8 avec BOM (LibreOffice, Excel).",
        )
        parser.add_argument(
            "--recommencer",
            action="store_true",
            help="Ignorer un dépistage interrompu de ce fichier et repartir de zéro.",
        )
        parser.add_argument(
            "--progression-tous-les",
            type=int,
            default=10,
            help="Hors terminal : une ligne de progression tous les N lots.",
        )

    def handle(self, *args, **opts):
        mois = opts["mois"] or _mois_courant()
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", mois):
            raise CommandError("--mois s'écrit AAAA-MM, par exemple 2026-11.")
        options = Options(
            entree=opts["entree"],
            sortie=opts["sortie"],
            mois=mois,
            taille_lot=opts["taille_lot"],
            processus=opts["processus"],
            dask=opts["dask"],
            format=opts["format"],
            recommencer=opts["recommencer"],
        )
        flux = sys.stderr
        barre = _Barre(flux, flux.isatty(), opts["progression_tous_les"])
        try:
            resume = depister(options, barre)
        except (ErreurFichier, ErreurDepistage) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            barre.fermer()
        f = Fichiers.pour(options.sortie)
        if opts["format_sortie"] == "tableur":
            for chemin in (f.sortie, f.rejets):
                if chemin.exists():
                    convertir_fichier(chemin)
        self.stdout.write(
            f"{resume['menages_depistes']} ménages dépistés, {resume['menages_concernes']} "
            f"passent probablement à côté d'au moins un droit "
            f"({resume['montant_mensuel_total']:.2f} € par mois) ; "
            f"{resume['lignes_rejetees']} lignes rejetées.\n"
            f"Résultats : {f.sortie}\nRejets : {f.rejets}\n"
            f"Synthèse : {f.synthese_html} et {f.synthese_json}"
        )
