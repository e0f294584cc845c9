"""data·inclusion thematiques and categories with their French labels (plain Python)."""

from __future__ import annotations

from functools import lru_cache

from data_inclusion.schema.v1 import Categorie, Thematique


@lru_cache(maxsize=1)
def categories() -> dict[str, str]:
    return {c.value: c.label for c in Categorie}


@lru_cache(maxsize=1)
def thematiques() -> dict[str, str]:
    return {t.value: t.label for t in Thematique}


def est_connue(code: str) -> bool:
    return code in thematiques() or code in categories()


def correspond(demande: str, codes_service: list[str]) -> bool:
    """A service's thematiques answer a request for a thematique or a whole category."""
    if demande in categories():
        prefixe = demande + "--"
        return any(c == demande or c.startswith(prefixe) for c in codes_service)
    return demande in codes_service


def libelle(code: str) -> str:
    return thematiques().get(code) or categories().get(code) or code


def groupes() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(category code, label, [(thematique code, label)…])…] for a <select> with optgroups."""
    out = []
    for code, nom in categories().items():
        enfants = [(t, lib) for t, lib in thematiques().items() if t.startswith(code + "--")]
        out.append((code, nom, enfants))
    return out
