"""What is indexed of a right, in three weighted columns (plain Python, no Django).

title (weight A: titre, sigle) > summary (B: resume) > body (C: pour_qui, conditions,
what it gives, everyday words, themes, publics, the organisation that pays).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from droits.schema import PUBLICS, THEMATIQUES


def _textes(valeur: Any) -> list[str]:
    if isinstance(valeur, str):
        return [valeur]
    if isinstance(valeur, Mapping):
        return [t for v in valeur.values() for t in _textes(v)]
    if isinstance(valeur, list | tuple):
        return [t for v in valeur for t in _textes(v)]
    return []


def colonnes(fiche: Mapping[str, Any]) -> tuple[str, str, str]:
    """(title, summary, body) raw texts of a right given as a dict of its fields."""
    titre = " ".join(filter(None, [fiche.get("titre") or "", fiche.get("sigle") or ""]))
    resume = fiche.get("resume") or ""
    apport = fiche.get("ce_que_ca_apporte") or {}
    demarche = fiche.get("demarche") or {}
    corps = [
        *_textes(fiche.get("mots_cles") or []),
        *_textes(fiche.get("pour_qui") or []),
        *_textes(fiche.get("conditions") or []),
        apport.get("texte") or "",
        apport.get("montant") or "",
        demarche.get("organisme") or "",
        *[THEMATIQUES.get(t, "") for t in fiche.get("thematiques") or []],
        *[PUBLICS.get(p, "") for p in fiche.get("publics") or []],
    ]
    return titre, resume, " ".join(c for c in corps if c)
