"""Computing less, exactly: variables given as inputs instead of computed.

- `NEUTRALISEES`: the same value for every household the contract can describe;
- `NEUTRALISEES_PAR_PROFIL`: known to be zero for the households of a profile (`profil`), each
  profile computed in a simulation of its own above `SEUIL_PROFILS` households.

Every entry says why its value cannot differ; `bilan/tests/test_acceleration.py` compares every
variable the engine computes with OpenFisca as published (SOLIDARITES_OPENFISCA_BRUT=1) on a
thousand varied households, and the reference households compare every right with
OpenFisca-France computed directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from bilan.moteur.openfisca import acceleration
from bilan.moteur.openfisca.seuils import seuils
from bilan.moteur.openfisca.systeme import brut, systeme
from bilan.moteur.situation import Situation

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
    "remuneration_apprenti": "contrat d'apprentissage jamais renseigné",
    "indemnites_journalieres": "indemnités journalières jamais renseignées",
    "rsa_indemnites_journalieres_activite": "indemnités journalières jamais renseignées",
    "rsa_indemnites_journalieres_hors_activite": "indemnités journalières jamais renseignées",
    "revenus_capital": "revenus du capital jamais renseignés",
    "revenus_locatifs": "revenus fonciers jamais renseignés",
    # Not `rsa_base_ressources_patrimoine_individu` nor `aide_logement_base_ressources_patrimoine`:
    # given as inputs computed from the declared savings (`poser_patrimoine` below).
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


# Set as inputs (their default) on the months BEFORE the one asked only: their inputs are given
# for the month asked alone (`Tableau.entrees_individus_du_mois`), so in the past OpenFisca's
# own value is the default too; the month asked is computed.
NEUTRALISEES_AVANT_LE_MOIS: dict[str, str] = {
    "bourse_college": "scolarité renseignée pour le mois du bilan seulement : aucune bourse avant",
    "bourse_lycee": "scolarité renseignée pour le mois du bilan seulement : aucune bourse avant",
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
# minimum_vieillesse.aspa.age_min (65), or ≥ invalidite.aah.age_legal_retraite with a
# disability (`seuils.age_sans_aspa`: the lower of the two, read at the month asked); over the
# history everyone is at most as old as today. Both are then 0 in every month (eligibility
# multiplies finite amounts).
_ASI_ASPA = (
    "personne de l'âge de l'ASPA (anticipée ou non), aucun taux d'incapacité de 50 % ou plus ni "
    "pension d'invalidité (l'ASI en demande un ou une)"
)
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
    limites = seuils(situation.mois)
    taux = max(p.taux_incapacite for p in situation.personnes)
    if taux < limites.aah_taux_min:
        if all(
            p.age < limites.age_sans_aspa and p.revenus.pension_invalidite == 0
            for p in situation.personnes
        ):
            return "sans_minimum_invalidite_vieillesse"
        return "sans_aah"
    # With an invalidity pension, the AAH and the ASI (allocation supplémentaire d'invalidité)
    # read each other, and OpenFisca cuts that cycle according to what was computed before:
    # computing the complement or not then changes the RSA resources shown (measured). Such
    # households keep the whole computation.
    if taux < limites.aah_taux_complement and all(
        p.revenus.pension_invalidite == 0 for p in situation.personnes
    ):
        return "sans_complement_aah"
    return None


@lru_cache(maxsize=256)
def _taux_patrimoine(mois: str) -> tuple[float, float, float]:
    """(livret A rate, flat rate of non-taxable savings, housing-aid threshold) on the first day
    of `mois`, read from the parameters themselves (not a whole dated parameter tree)."""
    racine = systeme().parameters
    jour = f"{mois}-01"
    return (
        racine.taxation_capital.epargne.livret_a.taux(jour),
        racine.prestations_sociales.solidarite_insertion.minima_sociaux.rsa.rsa_cond.patrimoine.taux_interet_forfaitaire_epargne_non_imposable(
            jour
        ),
        racine.prestations_sociales.aides_logement.allocations_logement.ressources.patrimoine.seuil_valorisation(
            jour
        ),
    )


def patrimoine_logement_connu(situation: Situation) -> bool:
    """False when the housing aid's patrimony base cannot be given in advance: savings above
    the threshold in a famille where someone has a disability rate of 50 % or more (the base
    is 0 when the AAH or the AEEH is paid, which the simulation computes). A simulation with
    such a household lets OpenFisca compute that base for all (`poser_patrimoine`)."""
    if situation.epargne <= _taux_patrimoine(situation.mois)[2]:
        return True
    taux_min = seuils(situation.mois).aah_taux_min
    return all(p.taux_incapacite < taux_min for p in situation.personnes if p.role != "autre")


def poser_patrimoine(simulation, tableau, historique: list[str], logement: bool = True) -> None:
    """The two patrimony bases, as inputs on every month of the history, computed from the
    declared savings (`livret_a`) exactly as OpenFisca-France's formulas do for the households
    of the contract (no other capital, property nor capital gain: those inputs are never set):

    - `rsa_base_ressources_patrimoine_individu` = livret_a × livret A rate / 12 (read by the
      RSA, the prime d'activité, the AAH, the ASPA/ASI and the CSS);
    - `aide_logement_base_ressources_patrimoine` (famille) = savings × 3 % when they exceed
      30 000 €, and no AAH nor AEEH is paid: known in advance when nobody of the famille has a
      rate of 50 % or more (`patrimoine_logement_connu`); with `logement=False` (a household
      of the simulation is not in that case) it is left to OpenFisca's formula, for all.

    Computing them instead cost a walk of their formulas month after month, and the housing
    aid's reads the AAH of the month inside the AAH/ASI cycle (docs/openfisca.md, § 1, § 7);
    the reference households compare with OpenFisca computing them."""
    livret = tableau.livret_a.astype(np.float32)
    famille = tableau.personne_famille
    n_familles = tableau.n_familles
    capitaux = np.bincount(famille, weights=tableau.livret_a, minlength=n_familles)
    handicap = np.bincount(
        famille,
        weights=(tableau.taux_incapacite >= seuils(tableau.mois).aah_taux_min / 100),
        minlength=n_familles,
    )
    for mois in historique:
        taux_livret, taux_forfaitaire, seuil = _taux_patrimoine(mois)
        acceleration.poser_entree(
            simulation, "rsa_base_ressources_patrimoine_individu", mois, livret * taux_livret / 12
        )
        if not logement:
            continue
        base = np.where(
            (capitaux > seuil) & (handicap == 0), capitaux * taux_forfaitaire, 0.0
        ).astype(np.float32)
        acceleration.poser_entree(
            simulation, "aide_logement_base_ressources_patrimoine", mois, base
        )


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
