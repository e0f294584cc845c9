"""National rights: which OpenFisca variables each needs, when it cannot apply, how to explain it.

Each right declares
- `variables`: the OpenFisca variables computed for it (name, period kind), including the
  intermediate ones its explanation quotes (they are computed on the way anyway: cached);
- `hors_champ(situation)`: a French reason when the right cannot apply to the household (then
  nothing is computed for it: "computing less"), else None. These filters must never exclude a
  household OpenFisca would pay: the reference tests compare with OpenFisca computed directly
  on every right;
- `expliquer(situation, valeurs)`: the result for an applicable household. It is eligible
  only if one of the right's main `variables` is positive: the screening relies on it to build
  a result only for those households (`evaluation._nationaux_possibles`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from bilan.moteur.catalogue import titre
from bilan.moteur.openfisca.seuils import seuils
from bilan.moteur.resultat import DroitEvalue
from bilan.moteur.situation import Situation


@lru_cache(maxsize=8192)
def euros(montant: float) -> str:
    """1234.5 -> '1 234,50 €' (French typography, narrow no-break spaces avoided for print).
    Cached: a screening writes the same few amounts (rates, ceilings) hundreds of thousands of
    times."""
    texte = f"{montant:,.2f}".replace(",", " ").replace(".", ",")
    if texte.endswith(",00"):
        texte = texte[:-3]
    return f"{texte} €"


def ressources_mensuelles(s: Situation) -> float:
    return round(sum(p.revenus.total() for p in s.adultes_du_foyer), 2)


def revenus_activite(s: Situation) -> float:
    return round(sum(p.revenus.salaire_net for p in s.adultes_du_foyer), 2)


def annee_n2(s: Situation) -> int:
    return int(s.mois[:4]) - 2


@dataclass(frozen=True)
class DroitNational:
    slug: str
    variables: tuple[tuple[str, str], ...]  # (variable, "mois" | "annee")
    hors_champ: Callable[[Situation], str | None]
    expliquer: Callable[[Situation, dict[str, float]], DroitEvalue]
    parametres: tuple[str, ...] = field(default=())
    # Intermediate variables quoted by the explanation. Computed AFTER every main variable of
    # the batch: OpenFisca's results depend on the order of computation in a few cycles (asking
    # rsa_base_ressources before ppa changes ppa), so main variables always go first, in the
    # order of DROITS_NATIONAUX, as in the reference tests.
    explicatives: tuple[tuple[str, str], ...] = field(default=())
    revalorisation_mois: int = 12  # how long the newest parameter value is expected to last

    @cached_property
    def noms(self) -> tuple[str, ...]:
        """Every OpenFisca variable `expliquer` reads."""
        return tuple(nom for nom, _ in self.variables + self.explicatives)

    def resultat(self, **kwargs) -> DroitEvalue:
        kwargs.setdefault("titre", titre(self.slug))
        return DroitEvalue(slug=self.slug, **kwargs)


def _non(slug: str, explication: str, **kwargs) -> DroitEvalue:
    return DroitEvalue(
        slug=slug, titre=titre(slug), eligible=False, explication=explication, **kwargs
    )


# --- RSA ----------------------------------------------------------------------------------------
def _rsa_hors_champ(s: Situation) -> str | None:
    return None


def _rsa(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["rsa"], 2)
    garanti = round(v["rsa_socle"] - v["rsa_forfait_logement"], 2)
    ressources = round(v["rsa_base_ressources"], 2)
    d = s.demandeur
    if montant > 0:
        return DroitEvalue(
            slug="rsa",
            titre=titre("rsa"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                f"Le montant garanti pour votre foyer est de {euros(garanti)} par mois (après "
                f"déduction du forfait logement). Vos ressources prises en compte, "
                f"{euros(ressources)} par mois en moyenne sur les trois derniers mois (prestations "
                f"familiales comprises), sont en dessous : le RSA complète jusqu'à ce montant."
            ),
            ce_qui_changerait=(
                "Si vos ressources augmentent, le RSA baisse d'autant ; il s'arrête quand elles "
                f"dépassent {euros(garanti)} par mois. Il est recalculé tous les trois mois."
            ),
        )
    adultes = s.adultes_du_foyer
    age_min = seuils(s.mois).rsa_age_min
    if all(p.age < age_min for p in adultes) and not s.enfants:
        texte = (
            f"Le RSA est réservé aux personnes de {age_min} ans et plus, sauf si vous avez un "
            "enfant à charge ou attendu, ou si vous avez beaucoup travaillé récemment (RSA jeune "
            "actif)."
        )
        return _non("rsa", texte, ce_qui_changerait=f"À {age_min} ans, ou à l'arrivée d'un enfant.")
    if d.activite_effective() == "etudiant":
        return _non("rsa", "Les étudiants n'ont en général pas droit au RSA.")
    return _non(
        "rsa",
        f"Vos ressources prises en compte ({euros(ressources)} par mois, prestations familiales "
        f"comprises) dépassent le montant garanti pour votre foyer ({euros(garanti)}).",
        ce_qui_changerait=f"Si vos ressources passent sous {euros(garanti)} par mois, refaites "
        "un bilan.",
    )


# --- Prime d'activité ---------------------------------------------------------------------------
def _ppa_hors_champ(s: Situation) -> str | None:
    if revenus_activite(s) <= 0:
        return (
            "La prime d'activité est réservée aux personnes qui travaillent : vous n'avez pas "
            "déclaré de salaire ni de revenu d'activité."
        )
    return None


def _ppa(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["ppa"], 2)
    activite = revenus_activite(s)
    if montant > 0:
        return DroitEvalue(
            slug="prime-activite",
            titre=titre("prime-activite"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                f"Vos revenus d'activité ({euros(activite)} nets par mois) ouvrent droit "
                f"à une prime d'activité estimée à {euros(montant)} par mois."
            ),
            ce_qui_changerait=(
                "Le montant est recalculé tous les trois mois d'après vos revenus : "
                "il baisse quand vos autres ressources augmentent."
            ),
        )
    age_min = seuils(s.mois).ppa_age_min
    if all(p.age < age_min for p in s.adultes_du_foyer):
        return _non("prime-activite", f"La prime d'activité est ouverte à partir de {age_min} ans.")
    return _non(
        "prime-activite",
        f"Avec {euros(activite)} de revenus d'activité par mois et vos autres ressources, vous "
        "dépassez le plafond de la prime d'activité pour votre foyer (ou la prime calculée est "
        "inférieure au minimum versé de 15 €).",
        ce_qui_changerait="Si vos revenus baissent ou si votre foyer s'agrandit, refaites un bilan.",
    )


# --- Aide au logement ---------------------------------------------------------------------------
def _al_hors_champ(s: Situation) -> str | None:
    statut = s.logement.statut
    if statut == "proprietaire":
        return (
            "Les propriétaires n'ont plus droit à l'aide au logement, sauf pour certains prêts "
            "aidés signés avant 2018 : renseignez-vous auprès de la CAF."
        )
    if statut == "heberge_gratuit":
        return "Vous êtes hébergé gratuitement : l'aide au logement suppose de payer un loyer."
    if statut == "sans_domicile":
        return (
            "L'aide au logement suppose un logement avec un loyer. Une structure d'hébergement "
            "ou le CCAS peut vous aider à trouver un logement."
        )
    if s.logement.loyer <= 0:
        return "Vous n'avez pas déclaré de loyer."
    return None


def _al(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["aide_logement"], 2)
    loyer = euros(s.logement.loyer)
    if montant > 0:
        return DroitEvalue(
            slug="aide-logement",
            titre=titre("aide-logement"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                f"Pour un loyer de {loyer} par mois et vos ressources des douze derniers "
                f"mois, l'aide au logement est estimée à {euros(montant)} par mois, versée "
                "à vous ou directement au propriétaire."
            ),
            ce_qui_changerait=(
                "Elle baisse si vos ressources augmentent et tient compte de la "
                "taille du foyer ; elle est recalculée tous les trois mois."
            ),
        )
    return _non(
        "aide-logement",
        f"Pour un loyer de {loyer} par mois, vos ressources des douze derniers mois sont trop "
        "élevées pour la taille de votre foyer (ou l'aide calculée est inférieure au minimum "
        "versé de 10 €).",
        ce_qui_changerait="Si vos ressources baissent ou si votre foyer s'agrandit, refaites un bilan.",
    )


# --- Prestations familiales ---------------------------------------------------------------------
def _sans_enfant(s: Situation) -> str | None:
    if not s.enfants:
        return "Cette prestation concerne les foyers avec au moins un enfant à charge."
    return None


def _af(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["af"], 2)
    nb = int(v["af_nbenf"])
    age_max = seuils(s.mois).pf_age_max
    if montant > 0:
        return DroitEvalue(
            slug="allocations-familiales",
            titre=titre("allocations-familiales"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                f"Vous avez {nb} enfants à charge de moins de {age_max} ans : les allocations "
                f"familiales sont estimées à {euros(montant)} par mois (montant modulé "
                f"selon vos revenus de {annee_n2(s)})."
            ),
        )
    return _non(
        "allocations-familiales",
        "Les allocations familiales sont versées à partir du deuxième enfant à charge de moins de "
        f"{age_max} ans (en métropole) : vous en avez {nb}.",
    )


def _cf(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["cf"], 2)
    plafond = round(v["cf_plafond"], 2)
    limites = seuils(s.mois)
    ages = f"{limites.cf_age_min} à {limites.cf_age_max} ans"
    if montant > 0:
        return DroitEvalue(
            slug="complement-familial",
            titre=titre("complement-familial"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                f"Vous avez au moins trois enfants de {ages} et vos revenus de "
                f"{annee_n2(s)} sont sous le plafond de {euros(plafond)} par an : "
                f"{euros(montant)} par mois."
            ),
        )
    grands = sum(1 for e in s.enfants if limites.cf_age_min <= e.age < limites.cf_age_max)
    if grands < 3:
        return _non(
            "complement-familial",
            f"Le complément familial demande au moins trois enfants à charge de {ages} "
            f"(vous en déclarez {grands}).",
        )
    return _non(
        "complement-familial",
        f"Vos revenus de {annee_n2(s)} dépassent le plafond de {euros(plafond)} par an.",
        ce_qui_changerait="Le plafond est revu chaque année au 1er janvier.",
    )


def _asf(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["asf"], 2)
    if montant > 0:
        return DroitEvalue(
            slug="asf",
            titre=titre("asf"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                "Vous élevez seul vos enfants : l'allocation de soutien familial est "
                f"estimée à {euros(montant)} par mois si l'autre parent ne verse pas de "
                "pension alimentaire (ou une pension plus faible que l'ASF)."
            ),
            ce_qui_changerait=(
                "Une pension alimentaire versée régulièrement la réduit ; la CAF peut "
                "aussi vous aider à la faire fixer ou recouvrer (ARIPA)."
            ),
        )
    if s.conjoint is not None:
        return _non(
            "asf",
            "L'ASF concerne un parent qui élève seul son enfant, ou une personne qui "
            "recueille un enfant privé de l'aide de l'un ou de ses deux parents.",
        )
    return _non("asf", "D'après votre situation, l'ASF ne s'applique pas.")


def _ars(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["ars"], 2)
    annee = int(s.mois[:4])
    limites = seuils(s.mois)
    ages = f"{limites.ars_age_min} à {limites.ars_age_max} ans"
    if montant > 0:
        return DroitEvalue(
            slug="ars",
            titre=titre("ars"),
            eligible=True,
            montant_mensuel=0.0,
            montant=montant,
            periodicite="annuelle",
            versement=f"fin août {annee}",
            explication=(
                f"Pour vos enfants de {ages} scolarisés, et avec des revenus de "
                f"{annee - 2} sous le plafond, l'allocation de rentrée scolaire est "
                f"estimée à {euros(montant)} pour la rentrée {annee}, versée une fois, fin "
                "août."
            ),
        )
    scolaires = sum(1 for e in s.enfants if limites.ars_age_min <= e.age <= limites.ars_age_max)
    if not scolaires:
        return _non(
            "ars",
            f"L'allocation de rentrée scolaire concerne les enfants de {ages}.",
            periodicite="annuelle",
            versement="fin août",
        )
    return _non(
        "ars",
        f"Vos revenus de {annee - 2} dépassent le plafond de l'allocation de rentrée scolaire.",
        periodicite="annuelle",
        versement="fin août",
    )


# --- Complémentaire santé solidaire -------------------------------------------------------------
def _css(s: Situation, v: dict[str, float]) -> DroitEvalue:
    plafond = round(v["cmu_c_plafond"], 2)
    participation = round(v["css_participation_forfaitaire"], 2)
    majoration = seuils(s.mois).css_majoration_plafond
    if v["cmu_c"]:
        return DroitEvalue(
            slug="css",
            titre=titre("css"),
            eligible=True,
            participation_mensuelle=0.0,
            explication=(
                "Vos ressources des douze derniers mois sont sous le plafond de la "
                f"complémentaire santé solidaire gratuite ({euros(plafond)} par an pour "
                "votre foyer) : elle ne vous coûterait rien."
            ),
            ce_qui_changerait=(
                f"Au-dessus de ce plafond (jusqu'à {majoration:g} % de plus), elle reste possible "
                "avec une petite participation mensuelle."
            ),
        )
    if participation > 0:
        return DroitEvalue(
            slug="css",
            titre=titre("css"),
            eligible=True,
            participation_mensuelle=participation,
            explication=(
                "Vos ressources dépassent le plafond de la complémentaire santé solidaire "
                f"gratuite ({euros(plafond)} par an pour votre foyer) de moins de {majoration:g} % : "
                f"elle vous coûterait {euros(participation)} par mois pour tout le foyer."
            ),
            ce_qui_changerait="Si vos ressources baissent sous le plafond, elle devient gratuite.",
        )
    return _non(
        "css",
        f"Vos ressources des douze derniers mois dépassent de plus de {majoration:g} % le plafond "
        f"de la complémentaire santé solidaire gratuite ({euros(plafond)} par an).",
    )


# --- AAH ------------------------------------------------------------------------------------------
def _aah_hors_champ(s: Situation) -> str | None:
    taux_min = seuils(s.mois).aah_taux_min
    if all(p.taux_incapacite < taux_min for p in s.adultes_du_foyer):
        return (
            f"L'AAH demande un taux d'incapacité d'au moins {taux_min:g} % reconnu par la MDPH : "
            "aucun taux de ce niveau n'a été déclaré."
        )
    return None


def _aah(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["aah"], 2)
    taux = max(p.taux_incapacite for p in s.adultes_du_foyer)
    limites = seuils(s.mois)
    condition = (
        ""
        if taux >= limites.aah_taux_complement
        else f" Entre {limites.aah_taux_min:g} et {limites.aah_taux_complement:g} %, la MDPH doit "
        "aussi reconnaître une restriction substantielle et durable d'accès à l'emploi : nous "
        "l'avons supposée."
    )
    if montant > 0:
        return DroitEvalue(
            slug="aah",
            titre=titre("aah"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                f"Avec un taux d'incapacité de {taux:g} % et des ressources sous le "
                f"plafond, l'AAH est estimée à {euros(montant)} par mois.{condition}"
            ),
            ce_qui_changerait="Elle baisse si vos ressources personnelles augmentent.",
        )
    if all(
        p.age < limites.aah_age_min
        for p in s.adultes_du_foyer
        if p.taux_incapacite >= limites.aah_taux_min
    ):
        return _non(
            "aah",
            f"L'AAH est versée à partir de {limites.aah_age_min} ans (16 ans si vous n'êtes plus "
            "à la charge de vos parents).",
        )
    return _non(
        "aah",
        f"Avec un taux d'incapacité de {taux:g} %, vos ressources dépassent le "
        f"plafond de l'AAH.{condition}",
    )


# --- ASPA ---------------------------------------------------------------------------------------
def _ages_aspa(s: Situation) -> str:
    limites = seuils(s.mois)
    return (
        f"{limites.aspa_age_min} ans ({limites.aspa_age_anticipe} ans en cas d'inaptitude au "
        f"travail ou d'un taux d'incapacité de plus de {limites.aspa_taux_anticipe:g} %)"
    )


def _aspa_hors_champ(s: Situation) -> str | None:
    if all(p.age < seuils(s.mois).age_sans_aspa for p in s.adultes_du_foyer):
        return "L'ASPA (minimum vieillesse) est réservée aux personnes de " + _ages_aspa(s) + "."
    return None


def _aspa(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["aspa"], 2)
    if montant > 0:
        return DroitEvalue(
            slug="aspa",
            titre=titre("aspa"),
            eligible=True,
            montant_mensuel=montant,
            explication=(
                "Vous avez l'âge du minimum vieillesse et vos ressources sont sous le plafond du "
                f"minimum vieillesse : l'ASPA les complète, estimée à {euros(montant)} "
                "par mois."
            ),
            ce_qui_changerait=(
                "Elle baisse si vos pensions augmentent. Attention : elle peut être "
                "récupérée sur la succession au-delà d'un certain patrimoine."
            ),
        )
    age_min = seuils(s.mois).aspa_age_min
    if all(p.age < age_min for p in s.adultes_du_foyer):
        return _non(
            "aspa",
            f"L'ASPA est versée à partir de {_ages_aspa(s)} : vous avez moins de {age_min} ans.",
            ce_qui_changerait=f"À {age_min} ans, refaites un bilan.",
        )
    return _non(
        "aspa", "Vos pensions et autres ressources dépassent le plafond du minimum vieillesse."
    )


def _toujours(s: Situation) -> str | None:
    return None


DROITS_NATIONAUX: tuple[DroitNational, ...] = (
    DroitNational(
        "rsa",
        (("rsa", "mois"),),
        _rsa_hors_champ,
        _rsa,
        parametres=("prestations_sociales.solidarite_insertion.minima_sociaux.rsa",),
        explicatives=(
            ("rsa_socle", "mois"),
            ("rsa_forfait_logement", "mois"),
            ("rsa_base_ressources", "mois"),
        ),
    ),
    DroitNational(
        "prime-activite",
        (("ppa", "mois"),),
        _ppa_hors_champ,
        _ppa,
        parametres=("prestations_sociales.solidarite_insertion.minima_sociaux.ppa",),
    ),
    DroitNational(
        "aide-logement",
        (("aide_logement", "mois"),),
        _al_hors_champ,
        _al,
        parametres=("prestations_sociales.aides_logement",),
    ),
    DroitNational(
        "allocations-familiales",
        (("af", "mois"),),
        _sans_enfant,
        _af,
        parametres=("prestations_sociales.prestations_familiales.bmaf",),
        explicatives=(("af_nbenf", "mois"),),
    ),
    DroitNational(
        "complement-familial",
        (("cf", "mois"),),
        _sans_enfant,
        _cf,
        parametres=("prestations_sociales.prestations_familiales.prestations_generales.cf",),
        explicatives=(("cf_plafond", "mois"),),
    ),
    DroitNational(
        "asf",
        (("asf", "mois"),),
        _sans_enfant,
        _asf,
        parametres=("prestations_sociales.prestations_familiales.bmaf",),
    ),
    DroitNational(
        "ars",
        (("ars", "annee"),),
        _sans_enfant,
        _ars,
        parametres=(
            "prestations_sociales.prestations_familiales.education_presence_parentale.ars",
        ),
    ),
    DroitNational(
        "css",
        (("cmu_c", "mois"), ("css_participation_forfaitaire", "mois")),
        _toujours,
        _css,
        parametres=(
            "prestations_sociales.solidarite_insertion.minima_sociaux.cs.cmu.plafond_base",
        ),
        explicatives=(("cmu_c_plafond", "mois"),),
    ),
    DroitNational(
        "aah",
        (("aah", "mois"),),
        _aah_hors_champ,
        _aah,
        parametres=("prestations_sociales.prestations_etat_de_sante.invalidite.aah",),
    ),
    DroitNational(
        "aspa",
        (("aspa", "mois"),),
        _aspa_hors_champ,
        _aspa,
        parametres=("prestations_sociales.solidarite_insertion.minimum_vieillesse.aspa",),
    ),
)
PAR_SLUG = {d.slug: d for d in DROITS_NATIONAUX}
