"""Dates and numbers written as French people read them (plain Python, no Django settings: the
screening's summary and the bilan's engine use it outside a request too)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

FUSEAU = ZoneInfo("Europe/Paris")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def nombre(valeur: float, decimales: int | None = None) -> str:
    """1200 → « 1 200 », 2.5 → « 2,50 » (`decimales` None: none for a whole number, else 2)."""
    if decimales is None:
        decimales = 0 if float(valeur).is_integer() else 2
    return f"{valeur:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")


def mois_en_mots(mois: str) -> str:
    """« 2026-11 » → « novembre 2026 » (unchanged if it is not a month)."""
    try:
        annee, numero = mois.split("-")
        return f"{MOIS[int(numero) - 1]} {int(annee)}"
    except (ValueError, IndexError):
        return mois


def date_heure(iso: str) -> str:
    """« 2026-11-28T18:05:00+00:00 » → « 28 novembre 2026 à 19 h 05 » (heure de Paris ; an
    instant without time zone is read as UTC)."""
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    m = moment.astimezone(FUSEAU)
    jour = "1er" if m.day == 1 else str(m.day)
    return f"{jour} {MOIS[m.month - 1]} {m.year} à {m.hour} h {m.minute:02d}"
