"""The OpenFisca-France adapter: households -> one vectorised simulation.

- The tax-benefit system is built once per process (`systeme()`, cached).
- `Tableau.depuis(situations)` flattens households into numpy arrays (persons, families, fiscal
  households, dwellings, roles, inputs). The same arrays feed both builders:
  `simuler(tableau, ...)` (declared entity counts, roles, `set_input` arrays: the fast path used
  by `evaluer`) and `situation_openfisca(situation)` (the `build_from_entities` dictionary, used
  by the tests to check the fast path against OpenFisca computed directly).
- Declared monthly incomes are taken as received at the same level every month from January of
  year N-2 to the month asked, and derived into the variables each formula reads (see
  OPENFISCA-NOTES: housing aid reads `salaire_imposable`, ASPA reads `retraite_brute`…).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bilan.moteur import acceleration
from bilan.moteur.situation import Situation

# Conversions from declared net amounts to the other bases OpenFisca reads. Approximations of
# the usual deduction rates (aides-jeunes does the same for salaries), documented in
# docs/modules/bilan.md.
TAUX_NET_SUR_BRUT_SALAIRE = 0.78
CSG_NON_DEDUCTIBLE_SALAIRE = 0.029 * 0.9825
CHOMAGE_NET_SUR_BRUT = 1 - 0.067 * 0.9825
CHOMAGE_IMPOSABLE_SUR_BRUT = 1 - 0.038 * 0.9825
RETRAITE_NET_SUR_BRUT = 1 - 0.091
RETRAITE_IMPOSABLE_SUR_BRUT = 1 - 0.059


def revenus_openfisca(salaire_net, chomage_net, retraite, pension_invalidite) -> dict:
    """Declared net monthly amounts (scalars or arrays) -> OpenFisca monthly input variables."""
    salaire_de_base = salaire_net / TAUX_NET_SUR_BRUT_SALAIRE
    chomage_brut = chomage_net / CHOMAGE_NET_SUR_BRUT
    retraite_brute = retraite / RETRAITE_NET_SUR_BRUT
    return {
        "salaire_net": salaire_net,
        "salaire_de_base": salaire_de_base,
        "salaire_imposable": salaire_net + CSG_NON_DEDUCTIBLE_SALAIRE * salaire_de_base,
        "chomage_net": chomage_net,
        "chomage_brut": chomage_brut,
        "chomage_imposable": chomage_brut * CHOMAGE_IMPOSABLE_SUR_BRUT,
        "retraite_nette": retraite,
        "retraite_brute": retraite_brute,
        "retraite_imposable": retraite_brute * RETRAITE_IMPOSABLE_SUR_BRUT,
        "pensions_invalidite": pension_invalidite,
    }


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
# Flattened roles, by index (see openfisca-france's entities).
ROLE_FAMILLE = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 0}
NOMS_ROLE_FAMILLE = ("demandeur", "conjoint", "enfant")
ROLE_FOYER = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 0}
NOMS_ROLE_FOYER = ("declarant_principal", "conjoint", "personne_a_charge")
ROLE_MENAGE = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 3}
NOMS_ROLE_MENAGE = ("personne_de_reference", "conjoint", "enfant", "autre")


def brut() -> bool:
    """True when SOLIDARITES_OPENFISCA_BRUT=1: OpenFisca as published, nothing neutralised or
    accelerated (the check of this module's shortcuts)."""
    return os.environ.get("SOLIDARITES_OPENFISCA_BRUT") == "1"


@lru_cache(maxsize=1)
def systeme():
    """OpenFisca-France's tax-benefit system, built once per process (about 2–4 s), with
    openfisca-core's faster date arithmetic and parameter indexing (`acceleration`), unless
    SOLIDARITES_OPENFISCA_BRUT=1 (plain OpenFisca, used by the tests that check them)."""
    from openfisca_france import CountryTaxBenefitSystem

    tbs = CountryTaxBenefitSystem()
    if not brut():
        acceleration.installer()
        acceleration.installer_systeme(tbs)
    return tbs


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


def dates_naissance(mois: str, ages: np.ndarray) -> np.ndarray:
    """Birth dates (datetime64[D]) giving each age on the first day of `mois`: the first day of
    the month six months before the birthday. Computed on the whole array (a Python date per
    person, then numpy's conversion of a list of dates, cost 0.25 s per 20 000 households)."""
    annee, m = (int(x) for x in mois.split("-"))
    mois_depuis_1970 = (annee - 1970) * 12 + (m - 1) - np.asarray(ages, dtype=np.int64) * 12 - 6
    return mois_depuis_1970.astype("datetime64[M]").astype("datetime64[D]")


def date_naissance(mois: str, age: int) -> dt.date:
    """The same for one person, as a date."""
    return dates_naissance(mois, np.array([age]))[0].item()


def _ordre(situation: Situation) -> list:
    """Persons in a stable order: demandeur, conjoint, children, others."""
    rang = {"demandeur": 0, "conjoint": 1, "enfant": 2, "autre": 3}
    return sorted(situation.personnes, key=lambda p: rang[p.role])


# "Computing less": variables whose value is known for every household of the contract, given
# as inputs (their default value) so that OpenFisca does not walk their formulas month after
# month. Each entry says why its value cannot differ; the reference households check it
# (every right compared with OpenFisca computed directly, without this list), and so does
# `bilan/tests/test_acceleration.py` on a thousand varied households.
NEUTRALISEES: dict[str, str] = {
    # Housing aid of home-buyers, "logements-foyers" and CROUS rooms: selected only for those
    # statuses, which `logement.statut` never maps to (measured: 60 % of a screening's time).
    "aides_logement_accedant_et_foyer": "statut accédant, logement-foyer ou CROUS : hors contrat",
    "aides_logement_primo_accedant_eligibilite": "statut primo-accédant : hors contrat",
    # Resources the contract does not collect (inputs never set, so OpenFisca computes 0).
    "rente_accident_travail": "taux d'incapacité d'accident du travail jamais renseigné",
    "bourse_college": "scolarité jamais renseignée : aucune bourse",
    "bourse_lycee": "scolarité jamais renseignée : aucune bourse",
    "remuneration_apprenti": "contrat d'apprentissage jamais renseigné",
    "indemnites_journalieres": "indemnités journalières jamais renseignées",
    "rsa_indemnites_journalieres_activite": "indemnités journalières jamais renseignées",
    "rsa_indemnites_journalieres_hors_activite": "indemnités journalières jamais renseignées",
    "revenus_capital": "revenus du capital jamais renseignés",
    "revenus_locatifs": "revenus fonciers jamais renseignés",
    "rsa_base_ressources_patrimoine_individu": "patrimoine jamais renseigné",
    "aide_logement_base_ressources_patrimoine": "patrimoine jamais renseigné",
    "prestations_familiales_base_ressources_communes": "revenus collectifs du foyer fiscal "
    "jamais renseignés",
    "rpns_imposables": "revenus d'indépendant traités comme salaires (avertissement affiché)",
    "rpns_auto_entrepreneur_benefice": "revenus d'indépendant traités comme salaires",
    "rpns_revenus_microBA_agricole": "revenus agricoles jamais renseignés",
    "revenus_capitaux_prelevement_bareme": "revenus du capital jamais renseignés",
    "revenus_capitaux_prelevement_liberatoire": "revenus du capital jamais renseignés",
    "revenus_capitaux_prelevement_forfaitaire_unique_ir": "revenus du capital jamais renseignés",
    # Not `boursier` nor `bourse_criteres_sociaux`, although 0 as well: the AAH reads them
    # inside the AAH/ASI cycle, and giving them changed how OpenFisca cuts that cycle (the RSA
    # of 1 household in 7 000 differed from OpenFisca as published).
}


# Variables known to be zero for some households only: such households go into a simulation of
# their own (one per profile), where these variables are inputs. A household's profile depends
# on it alone, so its result does not depend on the batch. Computing the AAH and its complement
# for nothing cost two thirds of a lone household's time: the CSS reads 12 months of them, and
# each month of the complement reads that month's housing aid.
_AAH = "aucun taux d'incapacité de 50 % ou plus dans le foyer (l'AAH en demande au moins 50 %)"
_CAAH = (
    "aucun taux d'incapacité de 80 % ou plus dans le foyer (le complément de l'AAH en demande "
    "80 %, paramètre invalidite.aah.taux_capacite.taux_incapacite) ni pension d'invalidité"
)
# ASI (allocation supplémentaire d'invalidité): `asi_eligibilite` needs `handicap` (taux ≥ 50 %)
# with a retirement pension, or an invalidity pension. ASPA: `aspa_eligibilite` needs age ≥
# minimum_vieillesse.aspa.age_min (65), or ≥ invalidite.aah.age_legal_retraite (62) with a
# disability; over the history everyone is at most as old as today. Both are then 0 in every
# month (eligibility multiplies finite amounts).
_ASI_ASPA = (
    "personne de 60 ans ou plus, aucun taux d'incapacité de 50 % ou plus ni pension "
    "d'invalidité (l'ASI en demande un ou une ; l'ASPA 62 ans au moins)"
)
AGE_MAX_SANS_ASPA = 60
NEUTRALISEES_PAR_PROFIL: dict[str, dict[str, str]] = {
    "sans_minimum_invalidite_vieillesse": {
        "aah": _AAH,
        "caah": _AAH,
        "asi": _ASI_ASPA,
        "aspa": _ASI_ASPA,
    },
    "sans_aah": {"aah": _AAH, "caah": _AAH},
    "sans_complement_aah": {"caah": _CAAH},
}


# From the most neutralised profile to the least: a household of a profile may be computed in
# the simulation of any profile after it (fewer inputs, same values).
ORDRE_PROFILS: tuple[str | None, ...] = (
    "sans_minimum_invalidite_vieillesse",
    "sans_aah",
    "sans_complement_aah",
    None,
)
# Below this many households, one simulation (with the least neutralised profile present) costs
# less than one per profile: a simulation's fixed cost (0.3 to 1 s) outweighs what the profiles
# save per household (about 0.1 ms). Measured: 25 mixed households 1.0 s in one simulation,
# 1.3 s in three; 20 000 households 6.4–7.3 s in one, 4.8–5.2 s in three.
SEUIL_PROFILS = 5000


def profils_des_simulations(situations: Sequence[Situation]) -> list[str | None]:
    """The profile of the simulation that computes each household of a batch (all None when
    SOLIDARITES_OPENFISCA_BRUT=1: one plain simulation)."""
    if brut():
        return [None] * len(situations)
    profils = [profil(s) for s in situations]
    if len(profils) >= SEUIL_PROFILS:
        return profils
    commun = max(profils, key=ORDRE_PROFILS.index)
    return [commun] * len(profils)


def profil(situation: Situation) -> str | None:
    """The profile of NEUTRALISEES_PAR_PROFIL that applies to this household, if any."""
    taux = max(p.taux_incapacite for p in situation.personnes)
    if taux < 50:
        if all(
            p.age < AGE_MAX_SANS_ASPA and p.revenus.pension_invalidite == 0
            for p in situation.personnes
        ):
            return "sans_minimum_invalidite_vieillesse"
        return "sans_aah"
    # With an invalidity pension, the AAH and the ASI (allocation supplémentaire d'invalidité)
    # read each other, and OpenFisca cuts that cycle according to what was computed before:
    # computing the complement or not then changes the RSA resources shown (measured). Such
    # households keep the whole computation.
    if taux < 80 and all(p.revenus.pension_invalidite == 0 for p in situation.personnes):
        return "sans_complement_aah"
    return None


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
    depcom: np.ndarray
    loyer: np.ndarray
    statut: np.ndarray  # OpenFisca statut_occupation_logement names

    @property
    def n_personnes(self) -> int:
        return len(self.role)

    @property
    def n_familles(self) -> int:
        return int(self.personne_famille.max()) + 1 if len(self.personne_famille) else 0

    @classmethod
    def depuis(cls, situations: Sequence[Situation]) -> Tableau:
        mois = situations[0].mois
        assert all(s.mois == mois for s in situations), "one month per simulation"
        n = len(situations)
        menage, famille, role, age, activite, taux = [], [], [], [], [], []
        sal, cho, ret, inv = [], [], [], []
        autres = 0
        autres_famille = []  # famille index of "autre" persons, numbered after main familles
        for i, s in enumerate(situations):
            for p in _ordre(s):
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
            naissance=dates_naissance(mois, ages),
            activite=np.array(activite),
            taux_incapacite=np.array(taux, dtype=float),
            salaire_net=np.array(sal, dtype=float),
            chomage_net=np.array(cho, dtype=float),
            retraite=np.array(ret, dtype=float),
            pension_invalidite=np.array(inv, dtype=float),
            depcom=np.array([s.commune for s in situations]),
            loyer=np.array([s.logement.loyer for s in situations], dtype=float),
            statut=np.array([STATUT_OPENFISCA[s.logement.statut] for s in situations]),
        )

    def entrees_individus(self) -> dict[str, np.ndarray]:
        """Person inputs set on every month of the history."""
        out = revenus_openfisca(
            self.salaire_net, self.chomage_net, self.retraite, self.pension_invalidite
        )
        out["taux_incapacite"] = self.taux_incapacite
        out["handicap"] = self.taux_incapacite >= 0.5
        # Between 50 and 79 %, AAH also needs a lasting restriction of access to work, assessed
        # by the MDPH: assumed here (the explanation says so).
        out["aah_restriction_substantielle_durable_acces_emploi"] = (
            self.taux_incapacite >= 0.5
        ) & (self.taux_incapacite < 0.8)
        out["activite"] = self.activite
        # The declared unemployment benefit includes the ASS (allocation de solidarité
        # spécifique): it is an input, not estimated. Without it, RSA and CSS would compute ASS
        # eligibility over ten years of history (measured: half of the cost of a bilan).
        out["ass"] = np.zeros(len(self.role))
        return out

    def entrees_menages(self) -> dict[str, np.ndarray]:
        return {
            "depcom": self.depcom,
            "loyer": self.loyer,
            "statut_occupation_logement": self.statut,
        }


def _encode(variable, valeurs: np.ndarray):
    """The input as OpenFisca stores it. Converted here once, not by OpenFisca at each of the
    history's months (`Holder._to_array`: 0.46 s per 20 000 households)."""
    if variable.value_type.__name__ == "Enum":
        return variable.possible_values.encode(valeurs)
    if valeurs.dtype != variable.dtype:
        return valeurs.astype(variable.dtype)
    return valeurs


def simuler(tableau: Tableau, profil: str | None = None):
    """One OpenFisca simulation over all the households of `tableau`, built from arrays. With
    a `profil`, every household must have it (see `profil()`)."""
    from openfisca_core.simulation_builder import SimulationBuilder

    tbs = systeme()
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    builder.declare_person_entity("individu", np.arange(tableau.n_personnes))
    n_fam = tableau.n_familles
    roles_fam = np.array([ROLE_FAMILLE[r] for r in tableau.role], dtype=np.int64)
    roles_men = np.array([ROLE_MENAGE[r] for r in tableau.role], dtype=np.int64)
    famille = builder.declare_entity("famille", np.arange(n_fam))
    builder.join_with_persons(famille, tableau.personne_famille, roles_fam)
    foyer = builder.declare_entity("foyer_fiscal", np.arange(n_fam))
    builder.join_with_persons(foyer, tableau.personne_famille, roles_fam)
    menage = builder.declare_entity("menage", np.arange(tableau.n_menages))
    builder.join_with_persons(menage, tableau.personne_menage, roles_men)
    simulation = builder.build(tbs)

    simulation.set_input("date_naissance", "ETERNITY", tableau.naissance)
    historique = mois_historique(tableau.mois)
    for groupe in (tableau.entrees_individus(), tableau.entrees_menages()):
        for nom, valeurs in groupe.items():
            valeurs = _encode(tbs.variables[nom], valeurs)
            for m in historique:
                acceleration.poser_entree(simulation, nom, m, valeurs)
    if not brut():
        neutraliser(simulation, historique, NEUTRALISEES)
        if profil is not None:
            neutraliser(simulation, historique, NEUTRALISEES_PAR_PROFIL[profil])
    return simulation


def neutraliser(simulation, historique: list[str], noms) -> None:
    """Set these variables to their default value over the history (months or years, as each
    variable is defined), so that OpenFisca reads them instead of computing them."""
    annees = sorted({m[:4] for m in historique})
    for nom in noms:
        variable = simulation.tax_benefit_system.variables[nom]
        population = simulation.get_variable_population(nom)
        valeurs = np.full(population.count, variable.default_value, dtype=variable.dtype)
        periodes = annees if variable.definition_period == "year" else historique
        for periode in periodes:
            acceleration.poser_entree(simulation, nom, periode, valeurs)


def situation_openfisca(situation: Situation) -> dict:
    """The same household as a `build_from_entities` dictionary (reference for the tests)."""
    t = Tableau.depuis([situation])
    historique = mois_historique(t.mois)
    ids = [f"p{i}" for i in range(t.n_personnes)]
    individus: dict = {pid: {} for pid in ids}
    for nom, valeurs in t.entrees_individus().items():
        for j, pid in enumerate(ids):
            v = valeurs[j].item()
            individus[pid][nom] = {m: v for m in historique}
    for j, pid in enumerate(ids):
        individus[pid]["date_naissance"] = {"ETERNITY": str(t.naissance[j])}

    familles: dict = {}
    foyers: dict = {}
    pluriels_fam = {"demandeur": "parents", "conjoint": "parents", "enfant": "enfants"}
    pluriels_foy = {
        "demandeur": "declarants",
        "conjoint": "declarants",
        "enfant": "personnes_a_charge",
    }
    for j, pid in enumerate(ids):
        f = f"f{t.personne_famille[j]}"
        r = t.role[j] if t.role[j] != "autre" else "demandeur"
        familles.setdefault(f, {}).setdefault(pluriels_fam[r], []).append(pid)
        foyers.setdefault(f, {}).setdefault(pluriels_foy[r], []).append(pid)
    menage: dict = {}
    for j, pid in enumerate(ids):
        cle = {
            "demandeur": "personne_de_reference",
            "conjoint": "conjoint",
            "enfant": "enfants",
            "autre": "autres",
        }[t.role[j]]
        menage.setdefault(cle, []).append(pid)
    for nom, valeurs in t.entrees_menages().items():
        v = valeurs[0].item()
        menage[nom] = {m: v for m in historique}
    return {
        "individus": individus,
        "familles": familles,
        "foyers_fiscaux": foyers,
        "menages": {"m0": menage},
    }


def simuler_dictionnaire(situation: Situation):
    """OpenFisca computed directly on one household (build_from_entities): the reference."""
    from openfisca_core.simulation_builder import SimulationBuilder

    return SimulationBuilder().build_from_entities(systeme(), situation_openfisca(situation))


def derniere_date_parametres(chemins: Iterable[str]) -> dt.date | None:
    """The newest start date among the values of the parameters under these paths."""
    from openfisca_core.parameters import Parameter

    racine = systeme().parameters
    plus_recente = None

    def parcourir(noeud):
        nonlocal plus_recente
        if isinstance(noeud, Parameter):
            for valeur in noeud.values_list:
                if valeur.value is not None:
                    d = dt.date.fromisoformat(valeur.instant_str)
                    if plus_recente is None or d > plus_recente:
                        plus_recente = d
                    break
            return
        for enfant in getattr(noeud, "children", {}).values():
            parcourir(enfant)

    for chemin in chemins:
        noeud = racine
        for partie in chemin.split("."):
            noeud = noeud.children[partie]
        parcourir(noeud)
    return plus_recente
