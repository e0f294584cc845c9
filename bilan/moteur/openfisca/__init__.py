"""The OpenFisca-France adapter, in parts:

- `systeme`: the tax-benefit system as published (`systeme()`), the engine's explicit
  preparation (`preparer()`: system + accelerations), dated parameters (`parametres(mois)`);
- `acceleration`: faster versions of a few openfisca-core functions, installed only by
  `preparer()`;
- `seuils`: the legal thresholds the engine tests or quotes, read from the dated parameters;
- `conversions`: declared net incomes -> the bases OpenFisca's formulas read (dated rates);
- `entrees`: households -> arrays (`Tableau`), roles, birth dates, the history of months;
- `neutralisees`: variables given as inputs instead of computed, and the profiles;
- `simulation`: building a simulation from a `Tableau` (the fast path) or from a
  `build_from_entities` dictionary (the tests' reference).

The names below are re-exported for the engine, the screening and the benchmarks.
"""

from bilan.moteur.openfisca.conversions import revenus_openfisca
from bilan.moteur.openfisca.entrees import (
    ACTIVITE_OPENFISCA,
    ANNEES_HISTORIQUE,
    NOMS_ROLE_FAMILLE,
    NOMS_ROLE_FOYER,
    NOMS_ROLE_MENAGE,
    ROLE_FAMILLE,
    ROLE_FOYER,
    ROLE_MENAGE,
    STATUT_OPENFISCA,
    Tableau,
    date_naissance,
    dates_naissance,
    mois_historique,
)
from bilan.moteur.openfisca.neutralisees import (
    NEUTRALISEES,
    NEUTRALISEES_PAR_PROFIL,
    ORDRE_PROFILS,
    SEUIL_PROFILS,
    neutraliser,
    patrimoine_logement_connu,
    profil,
    profils_des_simulations,
)
from bilan.moteur.openfisca.seuils import seuils
from bilan.moteur.openfisca.simulation import (
    derniere_date_parametres,
    simuler,
    simuler_dictionnaire,
    situation_openfisca,
)
from bilan.moteur.openfisca.systeme import brut, parametres, preparer, systeme

__all__ = [
    "ACTIVITE_OPENFISCA",
    "ANNEES_HISTORIQUE",
    "NEUTRALISEES",
    "NEUTRALISEES_PAR_PROFIL",
    "NOMS_ROLE_FAMILLE",
    "NOMS_ROLE_FOYER",
    "NOMS_ROLE_MENAGE",
    "ORDRE_PROFILS",
    "ROLE_FAMILLE",
    "ROLE_FOYER",
    "ROLE_MENAGE",
    "SEUIL_PROFILS",
    "STATUT_OPENFISCA",
    "Tableau",
    "brut",
    "date_naissance",
    "dates_naissance",
    "derniere_date_parametres",
    "mois_historique",
    "neutraliser",
    "parametres",
    "patrimoine_logement_connu",
    "preparer",
    "profil",
    "profils_des_simulations",
    "revenus_openfisca",
    "seuils",
    "simuler",
    "simuler_dictionnaire",
    "situation_openfisca",
    "systeme",
]
