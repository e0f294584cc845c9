"""Règles des engagements (Python simple, sans Django) : statuts, retard, décompte public."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

STATUTS = {
    "a_venir": "À venir",
    "en_cours": "En cours",
    "tenu": "Tenu",
    "abandonne": "Abandonné",
}
STATUTS_OUVERTS = frozenset({"a_venir", "en_cours"})

# Ce que le public lit : un engagement ouvert (à venir, en cours) dont l'échéance est passée
# est aussi « en retard » ; il reste compté dans son statut.
ETAT_LIBELLE = {
    "tenu": "Tenu",
    "en_cours": "En cours",
    "a_venir": "À venir",
    "abandonne": "Abandonné",
    "en_retard": "En retard",
}


def etat(statut: str, echeance: dt.date | None, aujourdhui: dt.date) -> str:
    if en_retard(statut, echeance, aujourdhui):
        return "en_retard"
    return statut


def en_retard(statut: str, echeance: dt.date | None, aujourdhui: dt.date) -> bool:
    return statut in STATUTS_OUVERTS and echeance is not None and echeance < aujourdhui


def decompte(engagements: Iterable[tuple[str, dt.date | None]], aujourdhui: dt.date) -> dict:
    """Combien d'engagements par statut (zéros compris) et combien d'ouverts sont en retard,
    calculé des enregistrements : {"tenu": 5, "en_cours": 3, …, "en_retard": 2, "total": 8}."""
    liste = list(engagements)
    c = Counter(s for s, _ in liste)
    out = {k: c.get(k, 0) for k in STATUTS}
    out["en_retard"] = sum(1 for s, e in liste if en_retard(s, e, aujourdhui))
    out["total"] = len(liste)
    return out


class ChangementInvalide(ValueError):
    """Un changement de statut refusé (message en français)."""


def verifier_changement(
    ancien: str, nouveau: str, preuve: str, date: dt.date | None, aujourdhui: dt.date
) -> None:
    if nouveau not in STATUTS:
        raise ChangementInvalide("Statut inconnu. Valeurs possibles : " + ", ".join(STATUTS) + ".")
    if nouveau == ancien:
        raise ChangementInvalide("L'engagement a déjà ce statut.")
    if not preuve.strip():
        raise ChangementInvalide("Indiquez ce qui justifie ce changement (la preuve).")
    if date is None:
        raise ChangementInvalide("Indiquez la date du changement.")
    if date > aujourdhui:
        raise ChangementInvalide("La date du changement ne peut pas être dans le futur.")
