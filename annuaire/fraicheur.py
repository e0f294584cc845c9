"""Freshness score of a directory entry (plain Python), after data·inclusion's quality score.

data·inclusion scores each service on criteria (address, phone, email when the way to reach it
needs them; ways of mobilising defined; recent update: 1 under six months, decreasing to 0 at
two years) and averages them. We score a structure the same way, adding what a resident needs
here: hours that parse, at least one service, and no fact left "à vérifier".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SIX_MOIS = 182
DEUX_ANS = 730
SEUIL_A_METTRE_A_JOUR = 0.7


@dataclass(frozen=True)
class Fiche:
    date_maj: date
    adresse: str = ""
    telephone: str = ""
    courriel: str = ""
    site_web: str = ""
    horaires_valides: bool | None = None  # None: no hours given
    nb_services: int = 0
    services_mobilisation_definie: int = 0
    a_verifier: bool = False


@dataclass
class Score:
    valeur: float
    criteres: dict[str, float]
    a_corriger: list[str] = field(default_factory=list)

    @property
    def pourcentage(self) -> int:
        return round(self.valeur * 100)


def score_date(date_maj: date, aujourd_hui: date) -> float:
    age = (aujourd_hui - date_maj).days
    if age <= SIX_MOIS:
        return 1.0
    if age >= DEUX_ANS:
        return 0.0
    return round(1 - (age - SIX_MOIS) / (DEUX_ANS - SIX_MOIS), 3)


def score(f: Fiche, aujourd_hui: date) -> Score:
    criteres: dict[str, float] = {}
    a_corriger: list[str] = []

    def critere(nom: str, valeur: float, conseil: str) -> None:
        criteres[nom] = valeur
        if valeur < 1:
            a_corriger.append(conseil)

    critere(
        "date_maj_recente",
        score_date(f.date_maj, aujourd_hui),
        f"Fiche mise à jour il y a {(aujourd_hui - f.date_maj).days} jours : la relire.",
    )
    critere("adresse", 1.0 if f.adresse else 0.0, "Ajouter l'adresse.")
    critere("telephone", 1.0 if f.telephone else 0.0, "Ajouter un téléphone.")
    critere(
        "contact_ecrit",
        1.0 if (f.courriel or f.site_web) else 0.0,
        "Ajouter un courriel ou un site web.",
    )
    critere(
        "horaires",
        1.0 if f.horaires_valides else 0.0,
        "Horaires absents ou illisibles (format OpenStreetMap attendu).",
    )
    critere(
        "services",
        1.0 if f.nb_services else 0.0,
        "Décrire au moins un service (thématiques, publics).",
    )
    if f.nb_services:
        critere(
            "modes_mobilisation",
            f.services_mobilisation_definie / f.nb_services,
            "Préciser comment mobiliser chaque service et par qui.",
        )
    critere(
        "verifiee",
        0.0 if f.a_verifier else 1.0,
        "Vérifier les informations auprès d'une source officielle.",
    )
    valeur = round(sum(criteres.values()) / len(criteres), 3)
    return Score(valeur, criteres, a_corriger)
