"""From declared net monthly incomes to the variables OpenFisca-France's formulas read.

The rates are dated parameters, read at the month asked:
- CSG (deductible, non deductible), CRDS, CASA and the CSG base allowance ("abattement d'assiette")
  from OpenFisca-France's own parameters, with their legal references there;
- the net/gross salary ratio, which is no single legal rate, from this project's parameter file
  `parametres/conversions.yaml` (OpenFisca's format: dated values, reference, "vérifié le").

Traps (see docs/openfisca.md, § 2): RSA and the prime d'activité read `salaire_net`, housing aid
reads `salaire_imposable` over a rolling year, ASPA reads `retraite_brute`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bilan.moteur.openfisca.systeme import parametres

FICHIER_PARAMETRES = Path(__file__).resolve().parent / "parametres" / "conversions.yaml"

# OpenFisca-France parameters read (paths under `prelevements_sociaux`).
CSG_ACTIVITE = "contributions_sociales.csg.activite"
CSG_CHOMAGE = "contributions_sociales.csg.remplacement.allocations_chomage"
CSG_RETRAITE = "contributions_sociales.csg.remplacement.pensions_retraite_invalidite"
CRDS = "contributions_sociales.crds"
CASA = "cotisations_securite_sociale_regime_general.casa.pensions_retraite_preretraite_invalidite"


@lru_cache(maxsize=1)
def parametres_du_projet():
    """This project's own dated parameters (an OpenFisca parameter node)."""
    from openfisca_core.parameters import load_parameter_file

    return load_parameter_file(str(FICHIER_PARAMETRES), name="conversions")


@dataclass(frozen=True)
class Taux:
    """The conversion rates in force on the first day of a month."""

    salaire_net_sur_brut: float
    csg_non_deductible_salaire: float  # (CSG imposable + CRDS) × (1 − abattement), on the gross
    chomage_net_sur_brut: float
    chomage_imposable_sur_brut: float
    retraite_net_sur_brut: float
    retraite_imposable_sur_brut: float


def _noeud(racine, chemin: str):
    for partie in chemin.split("."):
        racine = getattr(racine, partie)
    return racine


@lru_cache(maxsize=64)
def taux(mois: str) -> Taux:
    p = parametres(mois).prelevements_sociaux
    crds = _noeud(p, CRDS)
    activite = _noeud(p, CSG_ACTIVITE)
    # The allowance is a scale (1.75 % up to 4 social security ceilings): its first rate.
    assiette = 1 - activite.abattement.rates[0]
    chomage = _noeud(p, CSG_CHOMAGE)
    retraite = _noeud(p, CSG_RETRAITE)
    casa = _noeud(p, CASA)
    projet = parametres_du_projet()(f"{mois}-01")
    return Taux(
        salaire_net_sur_brut=projet.salaire_net_sur_brut,
        csg_non_deductible_salaire=(activite.imposable + crds) * assiette,
        chomage_net_sur_brut=1
        - (chomage.deductible.taux_plein + chomage.imposable.taux_plein + crds) * assiette,
        chomage_imposable_sur_brut=1 - chomage.deductible.taux_plein * assiette,
        retraite_net_sur_brut=1
        - (retraite.deductible.taux_plein + retraite.imposable.taux_plein + crds + casa.rates[0]),
        retraite_imposable_sur_brut=1 - retraite.deductible.taux_plein,
    )


def revenus_openfisca(mois: str, salaire_net, chomage_net, retraite, pension_invalidite) -> dict:
    """Declared net monthly amounts (scalars or arrays) -> OpenFisca monthly input variables,
    with the rates in force in `mois`."""
    t = taux(mois)
    salaire_de_base = salaire_net / t.salaire_net_sur_brut
    chomage_brut = chomage_net / t.chomage_net_sur_brut
    retraite_brute = retraite / t.retraite_net_sur_brut
    return {
        "salaire_net": salaire_net,
        "salaire_de_base": salaire_de_base,
        "salaire_imposable": salaire_net + t.csg_non_deductible_salaire * salaire_de_base,
        "chomage_net": chomage_net,
        "chomage_brut": chomage_brut,
        "chomage_imposable": chomage_brut * t.chomage_imposable_sur_brut,
        "retraite_nette": retraite,
        "retraite_brute": retraite_brute,
        "retraite_imposable": retraite_brute * t.retraite_imposable_sur_brut,
        "pensions_invalidite": pension_invalidite,
    }
