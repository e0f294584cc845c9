"""Building OpenFisca-France simulations from a `Tableau`.

- `simuler(tableau, profil)`: the engine's fast path (declared entity counts, roles, inputs
  stored as arrays, neutralised variables), computed with the system `preparer()` returns;
- `situation_openfisca(situation)` / `simuler_dictionnaire(situation)`: the same household as a
  `build_from_entities` dictionary, OpenFisca computed directly (the tests' reference).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np

from bilan.moteur.openfisca import acceleration
from bilan.moteur.openfisca.entrees import (
    ROLE_FAMILLE,
    ROLE_MENAGE,
    Tableau,
    mois_historique,
)
from bilan.moteur.openfisca.neutralisees import (
    NEUTRALISEES,
    NEUTRALISEES_AVANT_LE_MOIS,
    NEUTRALISEES_PAR_PROFIL,
    neutraliser,
    poser_patrimoine,
)
from bilan.moteur.openfisca.systeme import brut, systeme
from bilan.moteur.situation import Situation


def _encode(variable, valeurs: np.ndarray):
    """The input as OpenFisca stores it. Converted here once, not by OpenFisca at each of the
    history's months (`Holder._to_array`: 0.46 s per 20 000 households)."""
    if variable.value_type.__name__ == "Enum":
        return variable.possible_values.encode(valeurs)
    if valeurs.dtype != variable.dtype:
        return valeurs.astype(variable.dtype)
    return valeurs


def _entrees_par_periode(tableau: Tableau, historique: list[str]):
    """The inputs and the months each is set on: every month of the history, the months before
    the one asked, the month asked only (see `Tableau`)."""
    return (
        (tableau.entrees_individus(), historique),
        (tableau.entrees_menages(), historique),
        (tableau.entrees_individus_passe(), historique[:-1]),
        (tableau.entrees_individus_du_mois(), historique[-1:]),
    )


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

    for nom, valeurs in tableau.entrees_eternelles().items():
        simulation.set_input(nom, "ETERNITY", valeurs)
    historique = mois_historique(tableau.mois)
    for groupe, mois in _entrees_par_periode(tableau, historique):
        for nom, valeurs in groupe.items():
            valeurs = _encode(tbs.variables[nom], valeurs)
            for m in mois:
                acceleration.poser_entree(simulation, nom, m, valeurs)
    if not brut():
        neutraliser(simulation, historique, NEUTRALISEES)
        poser_patrimoine(simulation, tableau, historique, tableau.patrimoine_logement_posable)
        neutraliser(simulation, historique[:-1], NEUTRALISEES_AVANT_LE_MOIS)
        if profil is not None:
            neutraliser(simulation, historique, NEUTRALISEES_PAR_PROFIL[profil])
    return simulation


def situation_openfisca(situation: Situation, primes: bool = False) -> dict:
    """The same household as a `build_from_entities` dictionary (reference for the tests);
    with `primes`, as in the PAJE primes' simulation (expected children, adoptions)."""
    t = Tableau.depuis([situation], primes=primes)
    historique = mois_historique(t.mois)
    ids = [f"p{i}" for i in range(t.n_personnes)]
    individus: dict = {pid: {} for pid in ids}
    groupes = _entrees_par_periode(t, historique)
    for groupe, mois in (groupes[0], groupes[2], groupes[3]):
        for nom, valeurs in groupe.items():
            for j, pid in enumerate(ids):
                v = valeurs[j].item()
                individus[pid][nom] = {m: v for m in mois}
    for nom, valeurs in t.entrees_eternelles().items():
        for j, pid in enumerate(ids):
            individus[pid][nom] = {"ETERNITY": str(valeurs[j])}

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
