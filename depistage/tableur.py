"""The spreadsheet-friendly CSV (plain Python, no Django): what French spreadsheet software reads
without an import wizard. Semicolon separator, decimal comma, UTF-8 with a byte order mark.

The engine writes the plain CSV (comma, decimal point: for programs); this module converts it,
line by line, for the web download (the default there) and for `solidarites depistage
--format-sortie tableur`.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from solidarites.tableur import ecrivain_csv

BOM = "\ufeff"
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def cellule(valeur: str) -> str:
    """'412.5' -> '412,5'; anything else unchanged (codes, dates, texts, integers)."""
    return valeur.replace(".", ",") if _DECIMAL.match(valeur) else valeur


def lignes_tableur(lignes: Iterable[str]) -> Iterator[str]:
    """The engine's CSV lines (written in the input file's delimiter, decimal point) as
    spreadsheet CSV lines, the BOM first."""
    lignes = iter(lignes)
    entete = next(lignes, None)
    if entete is None:
        return
    delimiteur = max((";", ",", "\t"), key=entete.lstrip(BOM).count)
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, delimiter=";", lineterminator="\r\n")
    premiere = True
    for ligne in csv.reader(itertools.chain([entete.lstrip(BOM)], lignes), delimiter=delimiteur):
        ecrivain.writerow([cellule(v) for v in ligne])
        texte = tampon.getvalue()
        tampon.seek(0)
        tampon.truncate()
        if premiere:
            texte, premiere = BOM + texte, False
        yield texte


def morceaux_tableur(chemin: Path, taille: int = 1 << 16) -> Iterator[bytes]:
    """The file converted, as UTF-8 byte chunks of about `taille` (for a streamed download)."""
    with open(chemin, encoding="utf-8", newline="") as f:
        paquet: list[str] = []
        longueur = 0
        for texte in lignes_tableur(f):
            paquet.append(texte)
            longueur += len(texte)
            if longueur >= taille:
                yield "".join(paquet).encode("utf-8")
                paquet, longueur = [], 0
        if paquet:
            yield "".join(paquet).encode("utf-8")


def convertir_fichier(chemin: Path) -> None:
    """Rewrite a plain CSV file as a spreadsheet CSV, in place (through a temporary file)."""
    provisoire = chemin.with_name(chemin.name + ".tableur")
    with open(provisoire, "wb") as out:
        for morceau in morceaux_tableur(chemin):
            out.write(morceau)
    os.replace(provisoire, chemin)
