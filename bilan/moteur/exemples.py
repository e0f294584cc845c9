"""Varied, plausible households for benchmarks and load tests (deterministic for a seed).

Not reference data (those are content/bilan/menages/): amounts are not checked here.
"""

from __future__ import annotations

import random

from bilan.moteur.situation import Situation

COMMUNES = [
    "77288",
    "77284",
    "77186",
    "94028",
    "94081",
    "94041",
    "71270",
    "71076",
    "71153",
    "75056",
    "69123",
    "13055",
]


def situation_variee(rng: random.Random, mois: str = "2026-11") -> dict:
    """One household as the JSON of the contract."""
    couple = rng.random() < 0.4
    nb_enfants = rng.choices([0, 1, 2, 3, 4], weights=[40, 22, 22, 11, 5])[0]
    age = rng.randint(19, 85)
    statut = rng.choices(
        ["locataire_prive", "locataire_hlm", "proprietaire", "heberge_gratuit", "sans_domicile"],
        weights=[40, 30, 15, 10, 5],
    )[0]
    loyer = round(rng.uniform(300, 1100)) if statut.startswith("locataire") else 0

    def adulte(role: str, age: int) -> dict:
        if age >= 65:
            activite = "retraite"
            revenus = {"retraite": round(rng.choice([0, 400, 900, 1400, 2000]))}
        else:
            activite = rng.choices(
                ["salarie", "sans_emploi", "inactif", "etudiant"],
                weights=[30, 20, 10, 40] if age <= 25 else [50, 30, 15, 5],
            )[0]
            revenus = {}
            if activite == "salarie":
                revenus["salaire_net"] = round(rng.uniform(300, 3200))
            elif activite == "sans_emploi" and rng.random() < 0.5:
                revenus["chomage_net"] = round(rng.uniform(400, 1500))
        taux = rng.choices([0, 50, 80], weights=[90, 4, 6])[0]
        if taux and rng.random() < 0.5:
            revenus["pension_invalidite"] = round(rng.uniform(200, 800))
        p = {
            "role": role,
            "age": age,
            "activite": activite,
            "revenus": revenus,
            "taux_incapacite": taux,
        }
        if taux and rng.random() < 0.6:  # the PCH's difficulties in essential activities
            p["activites_difficulte_absolue"] = rng.choice([0, 0, 1, 2])
            p["activites_difficulte_grave"] = rng.choice([0, 1, 2, 3])
        if age >= 60 and rng.random() < 0.2:
            _autonomie(p)
        if activite == "sans_emploi" and "chomage_net" not in revenus and rng.random() < 0.4:
            p["ass_conditions"] = True
        if rng.random() < 0.05:
            revenus["pension_alimentaire_versee"] = round(rng.uniform(50, 300))
        return p

    def enfant(age: int) -> dict:
        e: dict = {"role": "enfant", "age": age}
        if rng.random() < 0.3:  # the month of birth instead of the age
            annee, m = (int(x) for x in mois.split("-"))
            total = annee * 12 + m - 1 - age * 12 - rng.randint(0, 11)
            e = {"role": "enfant", "naissance": f"{total // 12}-{total % 12 + 1:02d}"}
        if rng.random() < 0.7:
            scolarite = (
                None
                if age < 3
                else "maternelle"
                if age < 6
                else "primaire"
                if age < 11
                else "college"
                if age < 15
                else "lycee"
                if age < 18
                else "superieur"
            )
            if scolarite:
                e["scolarite"] = scolarite
        if rng.random() < 0.04:
            e["taux_incapacite"] = rng.choice([50, 80])
        return e

    def _autonomie(p: dict) -> None:
        """GIR known or estimated, with the notified APA plan sometimes."""
        p["gir"] = rng.randint(1, 6)
        if rng.random() < 0.3:
            p["gir_estime"] = True
        if p["gir"] <= 4 and rng.random() < 0.3:
            p["plan_aide_apa"] = round(rng.uniform(200, 1200))

    personnes = [adulte("demandeur", age)]
    if couple:
        personnes.append(adulte("conjoint", max(18, min(95, age + rng.randint(-6, 6)))))
    for _ in range(nb_enfants if age < 60 else 0):
        personnes.append(enfant(rng.randint(0, min(20, max(0, age - 16)))))
    if not couple and nb_enfants and rng.random() < 0.3:
        personnes[0]["revenus"]["pension_alimentaire_recue"] = round(rng.uniform(80, 400))
    annee, m = (int(x) for x in mois.split("-"))
    rang_mois = annee * 12 + m - 1
    enfants = [p for p in personnes if p["role"] == "enfant"]
    for e in enfants:  # an adopted child, arrived between its birth and the month of the bilan
        if "naissance" in e and rng.random() < 0.04:
            a, mm = (int(x) for x in e["naissance"].split("-"))
            arrivee = rng.randint(a * 12 + mm - 1, rang_mois)
            e["adoption"] = f"{arrivee // 12}-{arrivee % 12 + 1:02d}"
    if any(e.get("age", 99) < 3 for e in enfants) and rng.random() < 0.25:  # PreParE
        parent = rng.choice(personnes[: 2 if couple else 1])
        parent["conge_parental"] = rng.choice(["arret", "temps_partiel_50", "temps_partiel_80"])
        parent["trimestres_prepare"] = rng.choice([True, True, None, False])
    attendue = {}
    if 20 <= age <= 42 and rng.random() < 0.06:  # an expected birth (twins sometimes)
        prevu = rang_mois + rng.randint(0, 8)
        attendue["naissance_attendue"] = f"{prevu // 12}-{prevu % 12 + 1:02d}"
        if rng.random() < 0.05:
            attendue["enfants_attendus"] = 2
    if age < 65 and rng.random() < 0.05:  # an older parent hosted, with their APA
        parent = {
            "role": "autre",
            "age": rng.randint(70, 95),
            "revenus": {"retraite": round(rng.choice([700, 1100, 1600]))},
        }
        _autonomie(parent)
        personnes.append(parent)
    situation = {
        "mois": mois,
        "commune": rng.choice(COMMUNES),
        "logement": {"statut": statut, "loyer": loyer},
        "personnes": personnes,
        "droits_percus": rng.sample(
            ["rsa", "aide-logement", "allocations-familiales"], rng.randint(0, 2)
        ),
        **attendue,
    }
    _epargne_et_bourses(situation)
    return situation


def _epargne_et_bourses(situation: dict) -> None:
    """Savings and scholarship echelons (seventh session), drawn from a generator seeded by
    the household already drawn: the households of a seed stay those of the earlier sessions,
    with these fields added."""
    aux = random.Random(repr(situation))
    if aux.random() < 0.2:
        situation["epargne"] = aux.choice([500, 3000, 20000, 45000, 120000])
    for p in situation["personnes"]:
        etudiant = p.get("activite") == "etudiant" or p.get("scolarite") == "superieur"
        if etudiant and aux.random() < 0.6:
            p["echelon_bourse"] = aux.choice(["0bis", "1", "2", "3", "4", "5", "6", "7"])


def situations_variees(n: int, seed: int = 1, mois: str = "2026-11") -> list[Situation]:
    rng = random.Random(seed)
    return [Situation.model_validate(situation_variee(rng, mois)) for _ in range(n)]
