"""Test data for the screening: CSV files of households, and screening records."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import factory
from django.utils import timezone

from depistage.lecture import COLONNES_MENAGE, COLONNES_PERSONNE

EN_TETE_PERSONNES = ("menage", *COLONNES_MENAGE, *COLONNES_PERSONNE)


def personne(menage: str, role: str, age, **kw) -> dict:
    return {"menage": menage, "role": role, "age": age, **kw}


def ecrire_csv(chemin: Path, lignes: list[dict], colonnes=EN_TETE_PERSONNES, delim=";") -> Path:
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(colonnes), delimiter=delim, lineterminator="\n")
        w.writeheader()
        for ligne in lignes:
            w.writerow({c: ligne.get(c, "") for c in colonnes})
    return chemin


def menages_varies(n: int, prefixe: str = "H") -> list[dict]:
    """`n` small households of varied kinds, one row per person (deterministic)."""
    communes = ("77288", "94028", "71306", "77284", "94081", "71076")
    statuts = ("locataire_prive", "locataire_hlm", "proprietaire", "heberge_gratuit")
    lignes = []
    for i in range(n):
        ident = f"{prefixe}{i:04d}"
        statut = statuts[i % 4]
        loyer = 300 + 37 * (i % 11) if statut.startswith("locataire") else 0
        salaire = (0, 450, 900, 1400, 2600)[i % 5]
        lignes.append(
            personne(
                ident,
                "demandeur",
                22 + (i * 7) % 50,
                commune=communes[i % 6],
                logement_statut=statut,
                loyer=loyer,
                droits_percus=("", "rsa", "aide-logement", "")[i % 4],
                activite="salarie" if salaire else "sans_emploi",
                salaire_net=salaire,
            )
        )
        if i % 3 == 1:
            lignes.append(personne(ident, "conjoint", 30, activite="sans_emploi"))
        for k in range(i % 3):
            lignes.append(personne(ident, "enfant", 2 + 5 * k))
    return lignes


class DepistageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "depistage.Depistage"

    nom_fichier = "menages.csv"
    mois = "2026-11"
    expire_le = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
