"""`evaluer`: many households in one vectorised OpenFisca simulation per month.

Contract (see docs/modules/bilan.md):
- `evaluer(situations) -> list[ResultatBilan]`, one result per situation, in the same order;
- the result of a household does not depend on the other households of the call (same
  inputs, same variables asked, deterministic filters): a batch of 25 000 gives the same
  results as 25 000 calls of one;
- all the situations of a month go into ONE simulation, which always computes the same variables
  in the same order (`variables_calculees`): OpenFisca's results depend on what was computed
  before, so the set of variables must not depend on the batch.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

import numpy as np

from bilan.moteur import openfisca
from bilan.moteur.aides_departementales import (
    aides_du_departement,
    aides_eligibles,
    evaluer_aides,
)
from bilan.moteur.catalogue import page_du_droit, titre
from bilan.moteur.droits_nationaux import DROITS_NATIONAUX, DroitNational, euros
from bilan.moteur.memoire import ramasse_miettes_suspendu
from bilan.moteur.resultat import DroitEvalue, ResultatBilan, poser
from bilan.moteur.situation import Situation

# A right the screening reports: (slug, monthly amount, amount per payment for a yearly or
# one-off aid, periodicity, reason).
NonDemande = tuple[str, float, float | None, str, str]

# Rights whose resources are read over past months or years (for the warning).
HISTORIQUE = {
    "aide-logement": "les douze derniers mois",
    "css": "les douze derniers mois",
    "allocations-familiales": "l'année N-2",
    "complement-familial": "l'année N-2",
    "ars": "l'année N-2",
    "aah": "l'année N-2 ou les trois derniers mois",
    "apa": "le revenu fiscal de référence de l'année N-2",
    "cheque-energie": "le revenu fiscal de référence de l'année N-2",
    "bourses-college-lycee": "le revenu fiscal de référence de l'année N-2",
    "paje-allocation-base": "l'année N-2",
    "ass": "les douze derniers mois",
    "prime-naissance": "l'année N-2",
    "prime-adoption": "l'année N-2",
}
# Individual variables, summed over the adults of the main famille (demandeur, conjoint).
VARIABLES_INDIVIDU = {"aah", "ass"}
# Individual variables summed over every adult of the dwelling, hosted ones (`autre`) included:
# the APA of an older parent living with the household is theirs, on their own resources.
VARIABLES_INDIVIDU_MENAGE = {
    "apa_domicile",
    "apa_domicile_participation",
    "dependance_plan_aide_domicile_accepte",
}
# Individual variables summed over every person of the main famille, children included: the
# bourse of a student child of the household.
VARIABLES_INDIVIDU_FAMILLE = {"bourse_criteres_sociaux"}


def _dt_mois(mois: str) -> dt.date:
    annee, m = (int(x) for x in mois.split("-"))
    return dt.date(annee, m, 1)


@cache
def date_parametres(slug: str) -> dt.date | None:
    droit = next(d for d in DROITS_NATIONAUX if d.slug == slug)
    return openfisca.derniere_date_parametres(droit.parametres)


def avertissement_parametres(droit: DroitNational, mois: str) -> str | None:
    """Warn when the month asked is later than the newest parameter value is meant to last."""
    return _avertissement_parametres(droit.slug, droit.revalorisation_mois, mois)


@cache
def _avertissement_parametres(slug: str, revalorisation_mois: int, mois: str) -> str | None:
    derniere = date_parametres(slug)
    if derniere is None:
        return None
    total = derniere.year * 12 + derniere.month - 1 + revalorisation_mois
    limite = dt.date(total // 12, total % 12 + 1, 1)
    if _dt_mois(mois) < limite:
        return None
    return (
        f"{titre(slug)} : les barèmes connus du simulateur datent du "
        f"{derniere.strftime('%d/%m/%Y')} et ont probablement été revalorisés depuis ; le "
        "résultat est indicatif."
    )


def _valeurs(simulation, tableau: openfisca.Tableau, nom: str, periode: str) -> np.ndarray:
    """A variable for each household (main famille), individual ones summed over the adults."""
    valeurs = simulation.calculate(nom, periode)
    n = tableau.n_menages
    if nom in VARIABLES_INDIVIDU_MENAGE:
        adultes = tableau.role != "enfant"
        return np.bincount(
            tableau.personne_menage[adultes], weights=valeurs[adultes].astype(float), minlength=n
        )
    if nom in VARIABLES_INDIVIDU_FAMILLE:
        membres = tableau.personne_famille < n
        return np.bincount(
            tableau.personne_famille[membres], weights=valeurs[membres].astype(float), minlength=n
        )
    if nom in VARIABLES_INDIVIDU:
        adultes = (tableau.personne_famille < n) & np.isin(tableau.role, ("demandeur", "conjoint"))
        return np.bincount(
            tableau.personne_famille[adultes], weights=valeurs[adultes].astype(float), minlength=n
        )
    if simulation.tax_benefit_system.variables[nom].entity.key == "menage":
        return valeurs
    return valeurs[:n]


def variables_calculees(mois: str) -> list[tuple[str, str]]:
    """Every OpenFisca variable the engine computes for a month, in the order computed.

    ALWAYS the same list, whatever the households of the batch: OpenFisca's results depend on
    what was computed before (see docs/openfisca.md, § 1), so computing
    only the rights some household of the batch needs made a household's result depend on the
    others. Main variables first, in the order of DROITS_NATIONAUX, then the explanatory ones.
    """
    return _variables(mois, ("variables", "explicatives"))


def variables_principales(mois: str) -> list[tuple[str, str]]:
    """The main variable(s) of each national right, with their period: what the benchmarks ask
    the plain OpenFisca baselines to compute."""
    return _variables(mois, ("variables",))


def variables_primes(mois: str) -> list[tuple[str, str]]:
    """The variables of the PAJE primes' simulation (`DroitNational.primes`), always all, in
    this order."""
    return _variables(mois, ("variables", "explicatives"), primes=True)


def _variables(mois: str, listes: tuple[str, ...], primes: bool = False) -> list[tuple[str, str]]:
    periodes = {"mois": mois, "annee": mois[:4]}
    out: list[tuple[str, str]] = []
    for groupe in sorted({d.groupe for d in DROITS_NATIONAUX}):
        for liste in listes:
            for droit in DROITS_NATIONAUX:
                if droit.groupe != groupe or droit.primes != primes:
                    continue
                for nom, kind in getattr(droit, liste):
                    if all(nom != n for n, _ in out):
                        out.append((nom, periodes[kind]))
    return out


def valeurs_openfisca(situations: Sequence[Situation]) -> dict[str, list]:
    """Every variable of `variables_calculees` for each household of the same month:
    valeurs[nom][i], as plain Python lists (one `.tolist()` per variable). One simulation per
    profile of `openfisca.profils_des_simulations`."""
    mois = situations[0].mois
    par_profil: dict[str | None, list[int]] = defaultdict(list)
    for i, p in enumerate(openfisca.profils_des_simulations(situations)):
        par_profil[p].append(i)
    calculees = variables_calculees(mois)
    absentes = variables_absentes(situations)
    valeurs: dict[str, list] = {nom: [None] * len(situations) for nom, _ in calculees}
    for nom in absentes:
        valeurs[nom] = [0.0] * len(situations)
    for profil, indices in par_profil.items():
        tableau = openfisca.Tableau.depuis([situations[i] for i in indices])
        simulation = openfisca.simuler(tableau, profil)
        for nom, periode in calculees:
            if nom in absentes:
                continue
            colonne = valeurs[nom]
            calcule = _valeurs(simulation, tableau, nom, periode).tolist()
            for i, v in zip(indices, calcule, strict=True):
                colonne[i] = v
        del simulation  # freed before the next profile's simulation is built
    valeurs.update(_valeurs_primes(situations))
    return valeurs


def _valeurs_primes(situations: Sequence[Situation]) -> dict[str, list]:
    """The PAJE primes (prime à la naissance, prime à l'adoption): 0 for the households that
    cannot have them; for those with an expected birth or an adopted child, computed in ONE
    small simulation of their own, where the expected children are persons of the famille
    (OpenFisca-France counts them in `paje_naissance`; in the main simulation they would change
    the other rights). Nothing is built when no household of the batch has them: their cost is
    paid only by the batches that need them. A household's values depend only on itself (the
    same variables, in the same order, for every such household)."""
    primes = variables_primes(situations[0].mois)
    valeurs: dict[str, list] = {nom: [0.0] * len(situations) for nom, _ in primes}
    indices = [i for i, s in enumerate(situations) if s.avec_primes_paje]
    if not indices:
        return valeurs
    tableau = openfisca.Tableau.depuis([situations[i] for i in indices], primes=True)
    simulation = openfisca.simuler(tableau)
    for nom, periode in primes:
        colonne = valeurs[nom]
        for i, v in zip(indices, _valeurs(simulation, tableau, nom, periode).tolist(), strict=True):
            colonne[i] = v
    return valeurs


def variables_absentes(situations: Sequence[Situation]) -> set[str]:
    """The variables of the rights no household of the batch can have (`DroitNational.present`,
    last group only): not computed, 0 for all (no student with an echelon → no bourse)."""
    out: set[str] = set()
    for d in DROITS_NATIONAUX:
        if d.present is not None and not any(d.present(s) for s in situations):
            out.update(d.noms)
    return out


def _valeurs_du_droit(valeurs: dict[str, list], d: DroitNational, i: int) -> dict[str, float]:
    return {nom: valeurs[nom][i] for nom in d.noms}


def _nationaux_du_mois(
    situations: Sequence[Situation],
) -> list[tuple[dict[str, DroitEvalue], list[DroitNational]]]:
    """National rights of households of the same month: one simulation per profile (see
    openfisca.profil). For each household, its rights by slug and the rights that apply to it
    (not `hors_champ`)."""
    valeurs = valeurs_openfisca(situations)
    out = []
    for i, s in enumerate(situations):
        droits = {}
        calcules = []
        for d in DROITS_NATIONAUX:
            raison = d.hors_champ(s)
            if raison is not None:
                r = DroitEvalue(
                    slug=d.slug,
                    titre=titre(d.slug),
                    eligible=False,
                    explication=raison,
                    periodicite=d.periodicite,
                )
                if d.slug == "ars":
                    r.versement = "fin août"
            else:
                calcules.append(d)
                r = d.expliquer(s, _valeurs_du_droit(valeurs, d, i))
            # Each DroitEvalue is built for this household only: set in place (no copies).
            poser(r, page=page_du_droit(d.slug, s.departement))
            droits[d.slug] = r
        out.append((droits, calcules))
    return out


def _nationaux_possibles(valeurs: dict[str, list], n: int) -> list[list[DroitNational]]:
    """For each household, the national rights it may have, in the order of DROITS_NATIONAUX:
    those with one of their main `variables` positive (a right is never eligible otherwise:
    see droits_nationaux), found column by column."""
    possibles: list[list[DroitNational]] = [[] for _ in range(n)]
    for d in DROITS_NATIONAUX:
        positif = np.zeros(n, dtype=bool)
        for nom, _ in d.variables:
            positif |= np.asarray(valeurs[nom], dtype=float) > 0
        for i in np.flatnonzero(positif).tolist():
            possibles[i].append(d)
    return possibles


def _non_demandes_du_mois(situations: Sequence[Situation]) -> list[list[NonDemande]]:
    """The screening's path through the same rules as `_nationaux_du_mois` + `_resultat`:
    the same simulation and values, the same `hors_champ`, `expliquer` and departmental
    conditions, but a result is built only for the rights a household may have (2 or 3 of
    fifteen), and no warnings nor totals (the screening writes neither)."""
    valeurs = valeurs_openfisca(situations)
    possibles = _nationaux_possibles(valeurs, len(situations))
    out = []
    for i, s in enumerate(situations):
        eligibles = {}
        for d in possibles[i]:
            if d.hors_champ(s) is None:
                r = d.expliquer(s, _valeurs_du_droit(valeurs, d, i))
                if r.eligible:
                    poser(r, page=page_du_droit(d.slug, s.departement))
                    eligibles[d.slug] = r
        percus = s.droits_deja_percus()
        out.append(
            [
                non_demande(d)
                for d in [*eligibles.values(), *aides_eligibles(s, eligibles)]
                if not _deja_percu(d, percus)
            ]
        )
    return out


def non_demande(d: DroitEvalue) -> NonDemande:
    return (d.slug, float(d.montant_mensuel or 0.0), d.montant, d.periodicite, d.explication)


def _deja_percu(d: DroitEvalue, percus: set[str]) -> bool:
    return d.slug in percus or (d.page is not None and d.page in percus)


def _avertissements(s: Situation, calcules: Sequence[DroitNational]) -> list[str]:
    out = []
    anciens = [d.slug for d in calcules if d.slug in HISTORIQUE]
    if anciens:
        out.append(_avertissement_historique(tuple(anciens), int(s.mois[:4]) - 2))
    if any(p.activite == "independant" for p in s.adultes_du_foyer):
        out.append(
            "Les revenus d'indépendant sont traités comme des salaires nets : pour un calcul "
            "exact (chiffre d'affaires, régime micro), adressez-vous à la CAF."
        )
    if s.epargne > 0:
        out.append(AVERTISSEMENT_EPARGNE)
    for d in calcules:
        message = avertissement_parametres(d, s.mois)
        if message:
            out.append(message)
    if not aides_du_departement(s.departement):
        out.append(
            "Les aides propres du département ne sont pas encore décrites ici pour votre commune : "
            "seuls les droits nationaux sont estimés."
        )
    if any(p.role == "autre" for p in s.personnes):
        out.append(
            "Les autres adultes qui vivent avec vous forment un foyer à part pour la CAF : leurs "
            "propres droits ne sont pas estimés dans ce bilan (sauf l'APA d'une personne de 60 "
            "ans ou plus dont vous indiquez le GIR)."
        )
    return out


AVERTISSEMENT_EPARGNE = (
    "Votre épargne est comptée comme placée sur des livrets : le RSA, l'AAH, le minimum "
    "vieillesse et la complémentaire santé solidaire comptent les intérêts qu'elle rapporte au "
    "taux du livret A ; l'aide au logement, 3 % par an de l'épargne "
    "au-delà de 30 000 €. L'organisme qui instruit la demande tient compte de vos placements "
    "réels."
)


@cache
def _avertissement_historique(anciens: tuple[str, ...], annee: int) -> str:
    return (
        "Vos revenus déclarés sont supposés perçus au même niveau chaque mois des années "
        "passées. Or certaines aides tiennent compte de ressources passées ("
        + "; ".join(f"{titre(slug)} : {HISTORIQUE[slug]}" for slug in anciens).replace(
            "l'année N-2", f"l'année {annee}"
        )
        + ") : si vos revenus ont changé, le montant réel peut être différent."
    )


def _resultat(
    s: Situation, nationaux: dict[str, DroitEvalue], calcules: Sequence[DroitNational]
) -> ResultatBilan:
    finaux = list(nationaux.values()) + evaluer_aides(s, nationaux)
    percus = s.droits_deja_percus()
    for d in finaux:  # built for this household only: set in place (both default to False)
        if _deja_percu(d, percus):
            poser(d, deja_percu=True)
        elif d.eligible:
            poser(d, probablement_non_demande=True)
    total = round(sum(d.montant_mensuel for d in finaux if d.eligible), 2)
    return ResultatBilan(
        mois=s.mois,
        commune=s.commune,
        departement=s.departement,
        droits=finaux,
        total_mensuel=total,
        avertissements=_avertissements(s, calcules),
    )


def _mois_par_mois(situations: Sequence[Situation], calcul) -> list:
    """`calcul(households of one month)` for each month, results back in the order given."""
    par_mois: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(situations):
        par_mois[s.mois].append(i)
    resultats: list = [None] * len(situations)
    openfisca.preparer()  # the system and the accelerations, installed explicitly (once)
    with ramasse_miettes_suspendu():
        for indices in par_mois.values():
            for i, r in zip(indices, calcul([situations[i] for i in indices]), strict=True):
                resultats[i] = r
    return resultats


def _resultats_du_mois(situations: Sequence[Situation]) -> list[ResultatBilan]:
    return [
        _resultat(s, droits, calcules)
        for s, (droits, calcules) in zip(situations, _nationaux_du_mois(situations), strict=True)
    ]


def evaluer(situations: Sequence[Situation]) -> list[ResultatBilan]:
    """Rights of each household, in the order given. One OpenFisca simulation per month."""
    return _mois_par_mois(situations, _resultats_du_mois)


def non_demandes(situations: Sequence[Situation]) -> list[list[NonDemande]]:
    """For each household, exactly the rights `evaluer` flags `probablement_non_demande`, in the
    same order and with the same amounts and reasons (tested): the screening's path, which
    builds nothing for the rights a household does not have."""
    return _mois_par_mois(situations, _non_demandes_du_mois)


def evaluer_un(situation: Situation) -> ResultatBilan:
    return evaluer([situation])[0]


def prechauffer() -> None:
    """Build OpenFisca and run its formulas once in this process (it parses formulas and
    parameters lazily, on first use: several seconds), then take everything loaded so far out
    of the garbage collector's sight (`gc.freeze`): the tax-benefit system's hundreds of
    thousands of objects live as long as the process, so full collections need not scan them
    again and again, and forked workers keep those memory pages shared. For long-running
    processes: servers, screening workers."""
    from bilan.moteur.exemples import situations_variees

    openfisca.preparer()
    # Varied enough to go through every profile (openfisca.profil) and the parameters of every
    # date they read: OpenFisca builds the parameters of a date on first use (about 0.1 s each).
    evaluer(situations_variees(40))
    gc.freeze()


__all__ = ["evaluer", "evaluer_un", "euros", "non_demandes"]
