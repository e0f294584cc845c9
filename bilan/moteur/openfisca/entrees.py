"""Households -> the arrays and inputs of a vectorised OpenFisca-France simulation.

`Tableau.depuis(situations)` flattens households of one month into numpy arrays (persons,
families, fiscal households, dwellings, roles, inputs). Declared monthly incomes are taken as
received at the same level every month of the history (`mois_historique`) and converted into
the variables each formula reads (`conversions.revenus_openfisca`, dated rates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bilan.moteur.openfisca.conversions import revenus_openfisca
from bilan.moteur.openfisca.seuils import plafonds_plan_apa, seuils
from bilan.moteur.situation import Personne, Situation

STATUT_OPENFISCA = {
    "locataire_prive": "locataire_vide",
    "locataire_hlm": "locataire_hlm",
    "proprietaire": "proprietaire",
    "heberge_gratuit": "loge_gratuitement",
    "sans_domicile": "sans_domicile",
}
ACTIVITE_OPENFISCA = {
    "salarie": "actif",
    "independant": "actif",
    "sans_emploi": "chomeur",
    "etudiant": "etudiant",
    "retraite": "retraite",
    "inactif": "inactif",
}
SCOLARITE_OPENFISCA = {
    None: "inconnue",
    "maternelle": "maternelle",
    "primaire": "primaire",
    "college": "college",
    "lycee": "lycee",
    "superieur": "enseignement_superieur",
}
# The echelon of the bourse sur critères sociaux as OpenFisca numbers it
# (`bourse_criteres_sociaux_echelon`: 0 for "0 bis", -1 for no bourse).
ECHELON_OPENFISCA = {None: -1, "0bis": 0, **{str(i): i for i in range(1, 8)}}
# Flattened roles, by index (see openfisca-france's entities).
ROLE_FAMILLE = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 0}
NOMS_ROLE_FAMILLE = ("demandeur", "conjoint", "enfant")
ROLE_FOYER = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 0}
NOMS_ROLE_FOYER = ("declarant_principal", "conjoint", "personne_a_charge")
ROLE_MENAGE = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 3}
NOMS_ROLE_MENAGE = ("personne_de_reference", "conjoint", "enfant", "autre")


# How far back the declared incomes are filled. Resource bases read up to N-2, but some chains
# reach further (CSS -> ASPA at M-12 -> AAH at N-2 of that month -> unemployment taxable income
# at N-4 -> reference tax income…): filling five years back lets OpenFisca read inputs instead
# of computing salary contributions for years nobody asked about (measured: 4x faster).
ANNEES_HISTORIQUE = 5


def mois_historique(mois: str) -> list[str]:
    """January of year N-5 up to the month asked: every month a resource base may read."""
    annee, m = (int(x) for x in mois.split("-"))
    out = []
    y, mm = annee - ANNEES_HISTORIQUE, 1
    while (y, mm) <= (annee, m):
        out.append(f"{y}-{mm:02d}")
        y, mm = (y + 1, 1) if mm == 12 else (y, mm + 1)
    return out


def dates_naissance(mois: str, ages: np.ndarray, naissances=None) -> np.ndarray:
    """Birth dates (datetime64[D]): the first day of the month of birth when it is given
    (`naissances`, "AAAA-MM" or None per person); otherwise, from the age alone, the first day
    of the month six months before the birthday (the documented convention: an age of 3 counts
    as 3 years and 6 months on the first day of `mois`). Computed on the whole array."""
    annee, m = (int(x) for x in mois.split("-"))
    mois_depuis_1970 = (annee - 1970) * 12 + (m - 1) - np.asarray(ages, dtype=np.int64) * 12 - 6
    if naissances is not None:
        for j, n in enumerate(naissances):
            if n is not None:
                mois_depuis_1970[j] = (int(n[:4]) - 1970) * 12 + int(n[5:7]) - 1
    return mois_depuis_1970.astype("datetime64[M]").astype("datetime64[D]")


def _dates_adoption(adoptions: list) -> np.ndarray:
    """The first day of each adopted child's month of arrival (OpenFisca's default, 1970-01-01,
    for the others)."""
    return np.array(
        [f"{a}-01" if a is not None else "1970-01-01" for a in adoptions], dtype="datetime64[D]"
    )


def date_naissance(mois: str, age: int) -> dt.date:
    """The same for one person, as a date."""
    return dates_naissance(mois, np.array([age]))[0].item()


def _ordre(situation: Situation) -> list:
    """Persons in a stable order: demandeur, conjoint, children, others."""
    rang = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 3}
    return sorted(situation.personnes, key=lambda p: rang[p.role])


# OpenFisca-France pays the prime à la naissance in the month two months before the birth (the
# 7th month of pregnancy: `paje_naissance` counts the children of the famille born two months
# after the period). The simulation of the primes gives the expected children this month of
# birth, so that the prime is computed for the month asked, with its resources and parameters.
MOIS_AVANT_NAISSANCE = 2


def mois_plus(mois: str, n: int) -> str:
    annee, m = (int(x) for x in mois.split("-"))
    total = annee * 12 + m - 1 + n
    return f"{total // 12}-{total % 12 + 1:02d}"


def _a_naitre(situation: Situation) -> list:
    """The expected children of a household, as persons of the primes' simulation."""
    if situation.naissance_attendue is None:
        return []
    naissance = mois_plus(situation.mois, MOIS_AVANT_NAISSANCE)
    return [
        Personne.model_construct(role="enfant", age=0, naissance=naissance, activite="inactif")
        for _ in range(situation.enfants_attendus)
    ]


def _personnes(situation: Situation, primes: bool) -> list:
    """Persons in the order of `_ordre`; for the primes' simulation, the expected children
    after the born ones (before the other adults)."""
    personnes = _ordre(situation)
    if primes and situation.naissance_attendue is not None:
        n = sum(1 for p in personnes if p.role != "autre")
        personnes[n:n] = _a_naitre(situation)
    return personnes


@dataclass
class Tableau:
    """Households of one month flattened into arrays (the shape of a vectorised simulation)."""

    mois: str
    n_menages: int
    personne_menage: np.ndarray  # household index of each person
    personne_famille: np.ndarray  # famille index (main famille = household index)
    role: np.ndarray  # our role names
    age: np.ndarray
    naissance: np.ndarray  # datetime64[D]
    activite: np.ndarray  # OpenFisca activite names
    taux_incapacite: np.ndarray  # fraction 0–1
    salaire_net: np.ndarray
    chomage_net: np.ndarray
    retraite: np.ndarray
    pension_invalidite: np.ndarray
    pension_alimentaire_recue: np.ndarray
    pension_alimentaire_versee: np.ndarray
    scolarite: np.ndarray  # OpenFisca scolarite names (month asked only)
    gir: np.ndarray  # OpenFisca gir names (month asked only)
    plan_aide_apa: np.ndarray  # monthly plan of the APA, € (month asked only)
    ass_conditions: np.ndarray  # bool (month asked only)
    echelon_bourse: np.ndarray  # int, -1 without a bourse (month asked only)
    livret_a: np.ndarray  # savings, € (the household's, on its demandeur)
    # False when the housing aid's patrimony base of some household cannot be given in advance
    # (`neutralisees.patrimoine_logement_connu`): OpenFisca computes it for the simulation.
    patrimoine_logement_posable: bool
    enceinte: np.ndarray  # bool: the demandeur of a household expecting a child (month asked)
    depcom: np.ndarray
    loyer: np.ndarray
    statut: np.ndarray  # OpenFisca statut_occupation_logement names
    # The primes' simulation only (`primes=True`): adopted children and their arrival.
    adoption: np.ndarray | None = None  # bool (month asked only)
    date_adoption: np.ndarray | None = None  # datetime64[D]

    @property
    def n_personnes(self) -> int:
        return len(self.role)

    @property
    def n_familles(self) -> int:
        return int(self.personne_famille.max()) + 1 if len(self.personne_famille) else 0

    @classmethod
    def depuis(cls, situations: Sequence[Situation], primes: bool = False) -> Tableau:
        """With `primes`, the table of the PAJE primes' simulation: expected children added
        (born `MOIS_AVANT_NAISSANCE` months after the month asked) and adoptions given."""
        from bilan.moteur.openfisca.neutralisees import patrimoine_logement_connu

        mois = situations[0].mois
        assert all(s.mois == mois for s in situations), "one month per simulation"
        n = len(situations)
        menage, famille, role, age, activite, taux = [], [], [], [], [], []
        sal, cho, ret, inv, pa_r, pa_v = [], [], [], [], [], []
        scol, gir, plan, ass, nes, adoptions, enceinte = [], [], [], [], [], [], []
        echelon, epargne = [], []
        plafonds = plafonds_plan_apa(mois)
        autres = 0
        autres_famille = []  # famille index of "autre" persons, numbered after main familles
        for i, s in enumerate(situations):
            for p in _personnes(s, primes):
                menage.append(i)
                if p.role == "autre":
                    famille.append(-1)
                    autres_famille.append(len(famille) - 1)
                    autres += 1
                else:
                    famille.append(i)
                role.append(p.role)
                age.append(p.age)
                activite.append(ACTIVITE_OPENFISCA[p.activite_effective()])
                taux.append(p.taux_incapacite / 100)
                r = p.revenus
                sal.append(r.salaire_net)
                cho.append(r.chomage_net)
                ret.append(r.retraite)
                inv.append(r.pension_invalidite)
                pa_r.append(r.pension_alimentaire_recue)
                pa_v.append(r.pension_alimentaire_versee)
                scol.append(SCOLARITE_OPENFISCA[p.scolarite])
                gir.append(f"gir_{p.gir}" if p.gir else "non_defini")
                if p.plan_aide_apa is not None:
                    plan.append(p.plan_aide_apa)
                else:
                    plan.append(plafonds.get(p.gir, 0.0))
                ass.append(p.ass_conditions)
                nes.append(p.naissance)
                echelon.append(ECHELON_OPENFISCA[p.echelon_bourse])
                epargne.append(s.epargne if p.role == "demandeur" else 0.0)
                adoptions.append(p.adoption)
                enceinte.append(p.role == "demandeur" and s.naissance_attendue is not None)
        famille_arr = np.array(famille, dtype=np.int64)
        famille_arr[autres_famille] = n + np.arange(autres)
        ages = np.array(age, dtype=np.int64)
        return cls(
            mois=mois,
            n_menages=n,
            personne_menage=np.array(menage, dtype=np.int64),
            personne_famille=famille_arr,
            role=np.array(role),
            age=ages,
            naissance=dates_naissance(mois, ages, nes),
            activite=np.array(activite),
            taux_incapacite=np.array(taux, dtype=float),
            salaire_net=np.array(sal, dtype=float),
            chomage_net=np.array(cho, dtype=float),
            retraite=np.array(ret, dtype=float),
            pension_invalidite=np.array(inv, dtype=float),
            pension_alimentaire_recue=np.array(pa_r, dtype=float),
            pension_alimentaire_versee=np.array(pa_v, dtype=float),
            scolarite=np.array(scol),
            gir=np.array(gir),
            plan_aide_apa=np.array(plan, dtype=float),
            ass_conditions=np.array(ass, dtype=bool),
            echelon_bourse=np.array(echelon, dtype=np.int64),
            livret_a=np.array(epargne, dtype=float),
            patrimoine_logement_posable=all(patrimoine_logement_connu(s) for s in situations),
            enceinte=np.array(enceinte, dtype=bool),
            depcom=np.array([s.commune for s in situations]),
            loyer=np.array([s.logement.loyer for s in situations], dtype=float),
            statut=np.array([STATUT_OPENFISCA[s.logement.statut] for s in situations]),
            adoption=np.array([a is not None for a in adoptions]) if primes else None,
            date_adoption=_dates_adoption(adoptions) if primes else None,
        )

    def entrees_individus(self) -> dict[str, np.ndarray]:
        """Person inputs set on every month of the history."""
        out = revenus_openfisca(
            self.mois, self.salaire_net, self.chomage_net, self.retraite, self.pension_invalidite
        )
        out["pensions_alimentaires_percues"] = self.pension_alimentaire_recue
        out["pensions_alimentaires_versees_individu"] = self.pension_alimentaire_versee
        limites = seuils(self.mois)
        out["taux_incapacite"] = self.taux_incapacite
        out["handicap"] = self.taux_incapacite >= limites.aah_taux_min / 100
        # Between 50 and 79 %, AAH also needs a lasting restriction of access to work, assessed
        # by the MDPH: assumed here (the explanation says so).
        out["aah_restriction_substantielle_durable_acces_emploi"] = (
            self.taux_incapacite >= limites.aah_taux_min / 100
        ) & (self.taux_incapacite < limites.aah_taux_complement / 100)
        out["activite"] = self.activite
        # The household's savings, on its demandeur, as a livret A: the RSA, the AAH, the
        # ASPA/ASI and the CSS count the interest it yields (`rsa_base_ressources_patrimoine_
        # individu`), the housing aid 3 % of savings above 30 000 € (see docs/openfisca.md, § 7).
        out["livret_a"] = self.livret_a
        return out

    def entrees_individus_passe(self) -> dict[str, np.ndarray]:
        """Person inputs set on every month of the history BEFORE the month asked.

        The declared unemployment benefit includes the ASS (allocation de solidarité
        spécifique) received so far: in past months it is an input, not estimated. Without it,
        RSA and CSS would compute ASS eligibility over ten years of history (measured: half of
        the cost of a bilan). The ASS of the month asked is computed (`ass_conditions`)."""
        return {"ass": np.zeros(len(self.role))}

    def entrees_individus_du_mois(self) -> dict[str, np.ndarray]:
        """Person inputs of the month asked only: schooling (bourses), GIR and help plan (APA),
        the ASS precondition, a pregnancy (`enceinte`: RSA majoré for a single parent-to-be,
        RSA before 25, aide au logement), the echelon of a student's bourse sur critères
        sociaux. Not given for past months, where OpenFisca keeps its defaults (no schooling,
        GIR undefined: no bourse nor APA in the history; the echelon is computed, -1 without
        schooling)."""
        out = {
            "scolarite": self.scolarite,
            "gir": self.gir,
            "dependance_plan_aide_domicile": self.plan_aide_apa,
            "ass_precondition_remplie": self.ass_conditions,
            "bourse_criteres_sociaux_echelon": self.echelon_bourse,
            "enceinte": self.enceinte,
        }
        if self.adoption is not None:
            out["adoption"] = self.adoption
        return out

    def entrees_eternelles(self) -> dict[str, np.ndarray]:
        """Inputs defined for ETERNITY: the birth dates, and the adoption dates of the primes'
        simulation."""
        out = {"date_naissance": self.naissance}
        if self.date_adoption is not None:
            out["date_adoption"] = self.date_adoption
        return out

    def entrees_menages(self) -> dict[str, np.ndarray]:
        return {
            "depcom": self.depcom,
            "loyer": self.loyer,
            "statut_occupation_logement": self.statut,
        }
