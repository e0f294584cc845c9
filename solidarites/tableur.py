"""CSV exports opened in a spreadsheet: formula injection neutralised (issue 18).

A cell that starts with = + - @ (or a tab / carriage return) is read as a formula by Excel or
LibreOffice: `=HYPERLINK("http://…", "Cliquez")` typed in a free-text field would become a live
link in an agent's export. `neutraliser` prefixes such a cell with an apostrophe (shown as text),
numbers excepted (-12,50 stays a number). `ecrivain_csv` is csv.writer with every cell
neutralised: every export of the project writes through it.
"""

from __future__ import annotations

import csv
import re

DEBUTS_DANGEREUX = ("=", "+", "-", "@", "\t", "\r")
_NOMBRE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$")


def neutraliser(valeur):
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DANGEREUX):
        if not _NOMBRE.match(valeur):
            return "'" + valeur
    return valeur


class _Ecrivain:
    def __init__(self, ecrivain):
        self._e = ecrivain

    def writerow(self, ligne):
        return self._e.writerow([neutraliser(v) for v in ligne])

    def writerows(self, lignes):
        for ligne in lignes:
            self.writerow(ligne)

    @property
    def dialect(self):
        return self._e.dialect


def ecrivain_csv(flux, *args, **kwargs) -> _Ecrivain:
    return _Ecrivain(csv.writer(flux, *args, **kwargs))
