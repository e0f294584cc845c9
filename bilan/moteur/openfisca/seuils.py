"""The legal thresholds the engine tests or quotes, read from OpenFisca-France's dated
parameters at the month asked (one source per fact: never typed again in Python).

    s = seuils("2026-11")
    s.rsa_age_min      # 25   prestations_sociales.solidarite_insertion.minima_sociaux.rsa.rsa_cond.age_minimum_allocataire

Ages are in years, rates in % (0–100) as in the contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from bilan.moteur.openfisca.systeme import parametres

PS = "prestations_sociales."
CHEMINS: dict[str, str] = {
    "rsa_age_min": PS + "solidarite_insertion.minima_sociaux.rsa.rsa_cond.age_minimum_allocataire",
    "ppa_age_min": PS + "solidarite_insertion.minima_sociaux.ppa.pa_cond.age_min",
    "aah_age_min": PS + "prestations_etat_de_sante.invalidite.aah.age_minimal",
    "aah_taux_min": PS
    + "prestations_etat_de_sante.invalidite.aah.taux_capacite.taux_incapacite_rsdae",
    "aah_taux_complement": PS
    + "prestations_etat_de_sante.invalidite.aah.taux_capacite.taux_incapacite",
    "aspa_age_min": PS + "solidarite_insertion.minimum_vieillesse.aspa.age_min",
    "aspa_age_anticipe": PS + "prestations_etat_de_sante.invalidite.aah.age_legal_retraite",
    "aspa_taux_anticipe": PS
    + "solidarite_insertion.minimum_vieillesse.aspa.taux_incapacite_aspa_anticipe",
    "pf_age_max": PS + "prestations_familiales.def_pac.enfants.age_limite",
    "cf_age_min": PS + "prestations_familiales.prestations_generales.cf.cf_cm.age_min",
    "cf_age_max": PS + "prestations_familiales.prestations_generales.cf.cf_cm.age_max",
    "ars_age_min": PS
    + "prestations_familiales.education_presence_parentale.ars.ars_cond.age_entree_primaire",
    "ars_age_max": PS
    + "prestations_familiales.education_presence_parentale.ars.ars_cond.age_sortie_lycee",
    "aeeh_age_max": PS
    + "prestations_familiales.education_presence_parentale.aeeh.age_maximum_enfant",
    "apa_age_min": PS
    + "prestations_etat_de_sante.perte_autonomie_personnes_agees.apa_domicile.condition_age",
    "bcs_nombre_mensualites": PS
    + "education.bourses.enseignement_superieur.criteres_sociaux.nombre_mensualites",
    # The CSS with a participation: resources up to this much above the free CSS ceiling.
    "css_majoration_plafond": PS
    + "solidarite_insertion.minima_sociaux.cs.acs.majoration_plafond_acs",
}
# Rates OpenFisca stores as fractions (0.5), given here in % like the contract (50).
EN_POURCENT = {
    "aah_taux_min",
    "aah_taux_complement",
    "aspa_taux_anticipe",
    "css_majoration_plafond",
}


@dataclass(frozen=True)
class Seuils:
    rsa_age_min: int
    ppa_age_min: int
    aah_age_min: int
    aah_taux_min: float
    aah_taux_complement: float
    aspa_age_min: int
    aspa_age_anticipe: int
    aspa_taux_anticipe: float
    pf_age_max: int
    cf_age_min: int
    cf_age_max: int
    ars_age_min: int
    ars_age_max: int
    aeeh_age_max: int
    apa_age_min: int
    bcs_nombre_mensualites: int
    css_majoration_plafond: float

    @property
    def age_sans_aspa(self) -> int:
        """Below this age nobody gets the ASPA, whatever their disability (the normal and the
        anticipated ages)."""
        return min(self.aspa_age_min, self.aspa_age_anticipe)


def lire(mois: str, chemin: str):
    noeud = parametres(mois)
    for partie in chemin.split("."):
        noeud = getattr(noeud, partie)
    return noeud


@lru_cache(maxsize=64)
def seuils(mois: str) -> Seuils:
    valeurs = {}
    for nom, chemin in CHEMINS.items():
        v = lire(mois, chemin)
        if nom in EN_POURCENT:
            valeurs[nom] = round(float(v) * 100, 6)
        else:
            valeurs[nom] = int(v)
    return Seuils(**valeurs)


APA = PS + "prestations_etat_de_sante.perte_autonomie_personnes_agees"


@lru_cache(maxsize=64)
def plafonds_plan_apa(mois: str) -> dict[int, float]:
    """The ceiling of the APA help plan at home for GIR 1 to 4, € a month (a share of the
    majoration pour tierce personne, `…apa_domicile.plafond_apa_domicile_en_part_mtp.gir_N` ×
    `…mtp`): the plan assumed when the notified plan is not given."""
    mtp = float(lire(mois, APA + ".mtp"))
    return {
        g: round(
            float(lire(mois, f"{APA}.apa_domicile.plafond_apa_domicile_en_part_mtp.gir_{g}")) * mtp,
            2,
        )
        for g in (1, 2, 3, 4)
    }
