"""The official list of communes and départements, read from content/territoires/ (no Django).

Plain Python so that the bilan engine, the screening and the tests can check a commune code in
microseconds without a database. The database tables of the `territoires` app are loaded from
the same files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DOSSIER = Path(__file__).resolve().parent.parent / "content" / "territoires"


@dataclass(frozen=True, slots=True)
class CommuneRef:
    code_insee: str
    nom: str
    departement: str
    region: str
    codes_postaux: tuple[str, ...]
    population: int | None
    epci: str = ""


@lru_cache(maxsize=1)
def communes() -> dict[str, CommuneRef]:
    """All current communes of France, by INSEE code."""
    out: dict[str, CommuneRef] = {}
    with open(DOSSIER / "communes.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["code_insee"]] = CommuneRef(
                code_insee=row["code_insee"],
                nom=row["nom"],
                departement=row["departement"],
                region=row["region"],
                codes_postaux=tuple(row["codes_postaux"].split()),
                population=int(row["population"]) if row["population"] else None,
                epci=row.get("epci") or "",
            )
    return out


@lru_cache(maxsize=1)
def departements() -> dict[str, str]:
    """Département code -> name."""
    with open(DOSSIER / "departements.csv", encoding="utf-8", newline="") as f:
        return {row["code"]: row["nom"] for row in csv.DictReader(f)}


def commune(code_insee: str) -> CommuneRef | None:
    return communes().get(code_insee)


@lru_cache(maxsize=1)
def epcis() -> dict[str, tuple[str, str]]:
    """EPCI SIREN code -> (name, type: CC, CA, CU, METRO)."""
    with open(DOSSIER / "epci.csv", encoding="utf-8", newline="") as f:
        return {row["code"]: (row["nom"], row["type"]) for row in csv.DictReader(f)}
