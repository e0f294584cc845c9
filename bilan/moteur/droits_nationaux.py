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
from bilan.moteur.openfisca.entrees import MOIS_AVANT_NAISSANCE, mois_plus
from bilan.moteur.openfisca.seuils import seuils
from bilan.moteur.resultat import DroitEvalue
from bilan.moteur.situation import Situation
from solidarites.francais import mois_en_mots


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
    # Computed after every variable of the rights of a lower group (see `variables_calculees`).
    groupe: int = 0
    # How the right is paid (also for the results of households it cannot apply to).
    periodicite: str = "mensuelle"
    # When set, the right's variables are computed only for a batch where this is true of some
    # household (elsewhere they are 0, and `hors_champ` must be true of every household where
    # it is false). Only for a right of the LAST group: computing its variables or not then
    # cannot change any value computed before (batch independence, docs/openfisca.md, § 1).
    present: Callable[[Situation], bool] | None = None
    # Computed in the small simulation of the PAJE primes (expected children added), only for
    # the households that may have them (`Situation.avec_primes_paje`), never in the main one.
    primes: bool = False

    @cached_property
    def noms(self) -> tuple[str, ...]:
        """Every OpenFisca variable `expliquer` reads."""
        return tuple(nom for nom, _ in self.variables + self.explicatives)


def _oui(slug: str, **kwargs) -> DroitEvalue:
    """An eligible result (amount and explanation in kwargs)."""
    return DroitEvalue(slug=slug, titre=titre(slug), eligible=True, **kwargs)


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
        return _oui(
            "rsa",
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
        return _oui(
            "prime-activite",
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
        return _oui(
            "aide-logement",
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
        return _oui(
            "allocations-familiales",
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
        return _oui(
            "complement-familial",
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
        return _oui(
            "asf",
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
        return _oui(
            "ars",
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
            ce_qui_changerait=_ars_encore_possible(s),
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


def _ars_encore_possible(s: Situation) -> str:
    """Whether and how the ARS of the month's year can still be claimed (#16)."""
    annee, mois = int(s.mois[:4]), int(s.mois[5:7])
    if mois < 8:
        return (
            f"Elle sera versée fin août {annee} sans démarche si vous recevez déjà des "
            "prestations de la CAF ou de la MSA ; sinon, faites une demande avant la rentrée. "
            "Pour un enfant de 16 à 18 ans, déclarez sa scolarité sur caf.fr ou msa.fr."
        )
    return (
        f"Elle a été versée fin août {annee} aux familles déjà connues de la CAF ou de la MSA. "
        "Si vous ne l'avez pas reçue, vous pouvez encore la demander : les prestations familiales "
        "se réclament jusqu'à deux ans après (article L553-1 du code de la sécurité sociale). "
        "Adressez-vous à la CAF ou à la MSA, et pour un enfant de 16 à 18 ans déclarez sa "
        "scolarité sur caf.fr ou msa.fr."
    )


# --- Complémentaire santé solidaire -------------------------------------------------------------
def _css(s: Situation, v: dict[str, float]) -> DroitEvalue:
    plafond = round(v["cmu_c_plafond"], 2)
    participation = round(v["css_participation_forfaitaire"], 2)
    majoration = seuils(s.mois).css_majoration_plafond
    if v["cmu_c"]:
        return _oui(
            "css",
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
        return _oui(
            "css",
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
        return _oui(
            "aah",
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
        return _oui(
            "aspa",
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


# --- APA à domicile ------------------------------------------------------------------------------
def _apa_hors_champ(s: Situation) -> str | None:
    limites = seuils(s.mois)
    ages = [p for p in s.adultes_du_menage if p.age >= limites.apa_age_min]
    if not ages:
        return (
            f"L'APA (allocation personnalisée d'autonomie) concerne les personnes de "
            f"{limites.apa_age_min} ans ou plus qui ont besoin d'aide pour les gestes de la vie "
            "quotidienne."
        )
    if all(p.gir is None for p in ages):
        return (
            "Pour estimer l'APA, il faut le GIR (le degré de perte d'autonomie, de 1 à 6), évalué "
            "à domicile par l'équipe du département : vous ne l'avez pas indiqué."
        )
    if all(p.gir is None or p.gir > 4 for p in ages):
        return (
            "L'APA est ouverte aux GIR 1 à 4 : avec un GIR 5 ou 6, d'autres aides existent "
            "(aide ménagère du département ou de la caisse de retraite)."
        )
    return None


def _apa_pour_qui(s: Situation) -> tuple[str, str, str, str]:
    """Whose APA the text speaks of: the household's own adults ("votre participation"), a
    hosted relative only (`autre`: "sa participation", on their own resources), or both.
    Returns (possessive of the participation, "vos/ses revenus", "votre/son GIR", "avec
    vous/elle")."""
    concernes = {p.role == "autre" for p in s.adultes_du_menage if p.gir}
    if concernes == {True}:
        return ("sa participation", "ses propres revenus", "Son GIR", "avec elle")
    if concernes == {False}:
        return ("votre participation", "vos revenus", "Votre GIR", "avec vous")
    return (
        "la participation totale (la vôtre et celle de la personne hébergée, chacune sur "
        "ses propres revenus)",
        "vos revenus et les siens",
        "Les GIR",
        "avec chacun de vous",
    )


def _apa(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["apa_domicile"], 2)
    plan = round(v["dependance_plan_aide_domicile_accepte"], 2)
    participation = round(v["apa_domicile_participation"], 2)
    girs = sorted({p.gir for p in s.adultes_du_menage if p.gir})
    gir = " et ".join(str(g) for g in girs)
    sa_participation, revenus, son_gir, avec = _apa_pour_qui(s)
    notifie = any(p.plan_aide_apa is not None for p in s.adultes_du_menage)
    prefixe = "" if notifie else "jusqu'à "
    base_plan = (
        f"Pour le plan d'aide de {euros(plan)} par mois que vous avez indiqué"
        if notifie
        else f"Avec un GIR {gir}, le plan d'aide à domicile peut aller jusqu'à {euros(plan)} "
        "par mois (plafond national)"
    )
    if any(p.gir_estime for p in s.adultes_du_menage):
        base_plan = (
            f"{son_gir} ({gir}) a été estimé à partir de quelques questions : il peut différer "
            "d'un niveau, et seule l'évaluation à domicile par l'équipe du département le fixe. "
            + base_plan
        )
    if any(p.role == "autre" and p.gir for p in s.adultes_du_menage):
        base_plan = (
            "L'APA est personnelle : pour la personne que vous hébergez, elle est calculée sur "
            "ses propres revenus, et c'est elle (ou la personne qui la représente) qui la "
            "demande. " + base_plan
        )
    if montant > 0:
        return _oui(
            "apa",
            montant_mensuel=montant,
            explication=(
                f"{base_plan} ; d'après {revenus}, {sa_participation} serait de "
                f"{euros(participation)} par mois : l'APA à domicile paierait "
                f"{prefixe}{euros(montant)} par mois d'aide (aide à domicile, portage de repas, "
                "téléassistance, aides techniques…). Le département l'accorde et la verse, au "
                "service d'aide ou à la personne aidée."
            ),
            ce_qui_changerait=(
                "Le montant réel dépend du plan d'aide que l'équipe du département établit "
                f"{avec} après sa visite ; il change si le GIR ou les revenus de la personne "
                "aidée changent."
            ),
        )
    return _non(
        "apa",
        f"{base_plan} ; d'après {revenus}, {sa_participation} ({euros(participation)} par "
        "mois) couvrirait tout le plan, ou l'APA calculée est sous le minimum versé.",
        ce_qui_changerait=(
            "Si les besoins d'aide ou les revenus de la personne aidée changent, refaites un bilan."
        ),
    )


# --- Chèque énergie -----------------------------------------------------------------------------
def _cheque_energie_hors_champ(s: Situation) -> str | None:
    if s.logement.statut in ("heberge_gratuit", "sans_domicile"):
        return (
            "Le chèque énergie est envoyé aux ménages qui ont leur propre logement (locataires "
            "ou propriétaires)."
        )
    return None


def _cheque_energie(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["cheque_energie"], 2)
    annee = int(s.mois[:4])
    if montant > 0:
        return _oui(
            "cheque-energie",
            montant=montant,
            periodicite="annuelle",
            versement=f"au printemps {annee}",
            explication=(
                f"Avec vos revenus de {annee - 2} et la composition de votre ménage, le chèque "
                f"énergie {annee} est estimé à {euros(montant)}. Il sert à payer les factures "
                "d'électricité, de gaz, de fioul, de bois, ou des travaux d'économie d'énergie."
            ),
            ce_qui_changerait=(
                "Il est envoyé chaque année sans démarche à ceux qui ont déclaré leurs revenus "
                "aux impôts : déclarez-les même sans revenu. S'il ne vous est pas parvenu, "
                "réclamez-le sur chequeenergie.gouv.fr."
            ),
        )
    return _non(
        "cheque-energie",
        f"Vos revenus de {annee - 2}, rapportés à la composition de votre ménage, dépassent le "
        "plafond du chèque énergie.",
        periodicite="annuelle",
    )


# --- Bourses de collège et de lycée -------------------------------------------------------------
def _bourses_hors_champ(s: Situation) -> str | None:
    if not s.enfants:
        return "Les bourses de collège et de lycée concernent les foyers avec un enfant scolarisé."
    if not any(e.scolarite in ("college", "lycee") for e in s.enfants):
        return (
            "Aucun enfant déclaré au collège ou au lycée : indiquez la scolarité de vos enfants "
            "pour estimer les bourses."
        )
    return None


def _bourses(s: Situation, v: dict[str, float]) -> DroitEvalue:
    college = round(v["bourse_college"], 2)
    lycee = round(v["bourse_lycee"], 2)
    montant = round(college + lycee, 2)
    annee = int(s.mois[:4])
    if montant > 0:
        parts = []
        if college > 0:
            parts.append(f"{euros(college)} pour le collège")
        if lycee > 0:
            parts.append(f"{euros(lycee)} pour le lycée")
        return _oui(
            "bourses-college-lycee",
            montant=montant,
            periodicite="annuelle",
            versement="en trois fois, chaque trimestre",
            explication=(
                f"Avec vos revenus de {annee - 2} et le nombre de vos enfants, les bourses sont "
                f"estimées à {euros(montant)} pour l'année scolaire ({' et '.join(parts)})."
            ),
            ce_qui_changerait=(
                "La demande se fait à chaque rentrée (de fin août à mi-octobre) auprès de "
                "l'établissement ou en ligne sur le portail Scolarité-Services ; en cours "
                "d'année, elle reste possible après un changement de situation."
            ),
        )
    return _non(
        "bourses-college-lycee",
        f"Vos revenus de {annee - 2} dépassent les plafonds des bourses pour un foyer comme le "
        "vôtre.",
        periodicite="annuelle",
    )


# --- AEEH ---------------------------------------------------------------------------------------
def _aeeh_hors_champ(s: Situation) -> str | None:
    limites = seuils(s.mois)
    if not any(
        e.taux_incapacite >= limites.aah_taux_min and e.age < limites.aeeh_age_max
        for e in s.enfants
    ):
        return (
            "L'AEEH concerne les enfants de moins de "
            f"{limites.aeeh_age_max} ans dont le taux d'incapacité reconnu par la MDPH est d'au "
            f"moins {limites.aah_taux_min:g} %."
        )
    return None


def _aeeh(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["aeeh"], 2)
    limites = seuils(s.mois)
    if montant > 0:
        return _oui(
            "aeeh",
            montant_mensuel=montant,
            explication=(
                "Pour votre enfant en situation de handicap, l'allocation d'éducation de l'enfant "
                f"handicapé (AEEH de base) est estimée à {euros(montant)} par mois, sans "
                "condition de ressources. Entre "
                f"{limites.aah_taux_min:g} et {limites.aah_taux_complement:g} %, elle demande "
                "aussi que l'enfant fréquente un établissement spécialisé ou reçoive des soins "
                "recommandés par la MDPH."
            ),
            ce_qui_changerait=(
                "Un complément (six catégories) peut s'ajouter selon les frais liés au handicap, "
                "la réduction d'activité d'un parent ou l'emploi d'une personne : la CDAPH le "
                "décide sur votre demande à la MDPH."
            ),
        )
    return _non("aeeh", "D'après votre situation, l'AEEH ne s'applique pas.")


# --- PAJE, allocation de base -------------------------------------------------------------------
def _paje_hors_champ(s: Situation) -> str | None:
    if not any(e.age < 3 for e in s.enfants):
        return "L'allocation de base de la PAJE concerne les enfants de moins de 3 ans."
    return None


def _paje(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["paje_base"], 2)
    if montant > 0:
        return _oui(
            "paje-allocation-base",
            montant_mensuel=montant,
            explication=(
                f"Pour votre enfant de moins de 3 ans, et avec vos revenus de {annee_n2(s)} sous "
                f"le plafond, l'allocation de base est estimée à {euros(montant)} par mois, "
                "jusqu'au mois avant ses 3 ans."
            ),
            ce_qui_changerait=(
                "Le plafond dépend du nombre d'enfants et de vos revenus de l'année N-2 ; "
                "indiquez le mois de naissance de l'enfant pour un calcul exact autour de ses "
                "3 ans."
            ),
        )
    return _non(
        "paje-allocation-base",
        f"Vos revenus de {annee_n2(s)} dépassent le plafond de l'allocation de base pour votre "
        "foyer.",
    )


# --- ASS ----------------------------------------------------------------------------------------
def _ass_hors_champ(s: Situation) -> str | None:
    if not any(p.ass_conditions for p in s.adultes_du_foyer):
        return (
            "L'allocation de solidarité spécifique (ASS) concerne les personnes arrivées en fin de "
            "droits au chômage qui ont travaillé au moins 5 ans dans les 10 dernières années : "
            "indiquez-le si c'est votre cas."
        )
    return None


def _ass(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["ass"], 2)
    if montant > 0:
        return _oui(
            "ass",
            montant_mensuel=montant,
            explication=(
                "Vous arrivez en fin de droits au chômage et avez assez travaillé : l'ASS est "
                f"estimée à {euros(montant)} par mois, versée par France Travail."
            ),
            ce_qui_changerait=(
                "Elle dépend des ressources du foyer des douze derniers mois ; elle est "
                "réexaminée tous les six mois. Elle compte dans les ressources du RSA et de la "
                "prime d'activité : une fois versée, ceux-ci baissent d'autant."
            ),
        )
    return _non(
        "ass",
        "Avec les ressources de votre foyer des douze derniers mois (ou en travaillant encore), "
        "l'ASS ne serait pas versée.",
    )


# --- PAJE : prime à la naissance et prime à l'adoption -----------------------------------------
def _prime_naissance_hors_champ(s: Situation) -> str | None:
    if s.naissance_attendue is None:
        return (
            "La prime à la naissance concerne une grossesse en cours : indiquez le mois prévu de "
            "la naissance si vous attendez un enfant."
        )
    return None


def _prime_naissance(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["paje_naissance"], 2)
    naissance = mois_en_mots(s.naissance_attendue)
    paiement = mois_plus(s.naissance_attendue, -MOIS_AVANT_NAISSANCE)
    enfants = "" if s.enfants_attendus == 1 else f" pour vos {s.enfants_attendus} enfants attendus"
    if montant > 0:
        if paiement >= s.mois:
            quand = (
                f"Elle est versée une fois par la CAF ou la MSA, vers la fin du 7e mois de "
                f"grossesse ({mois_en_mots(paiement)}), si la grossesse a été déclarée avant la "
                "fin de la 14e semaine."
            )
        else:
            quand = (
                "Elle est normalement versée vers la fin du 7e mois de grossesse "
                f"({mois_en_mots(paiement)}) : si vous ne l'avez pas reçue, contactez la CAF ou "
                "la MSA sans attendre."
            )
        return _oui(
            "prime-naissance",
            montant=montant,
            periodicite="ponctuelle",
            versement=f"vers la fin du 7e mois de grossesse ({mois_en_mots(paiement)})",
            explication=(
                f"Vous attendez un enfant pour {naissance}. Avec vos revenus de {annee_n2(s)} "
                f"sous le plafond, la prime à la naissance est estimée à {euros(montant)}"
                f"{enfants}. {quand}"
            ),
            ce_qui_changerait=(
                "Déclarez la grossesse à l'Assurance maladie et à la CAF (ou à la MSA) avant la "
                "fin de la 14e semaine : le médecin ou la sage-femme le fait en ligne. Le plafond "
                "de ressources dépend du nombre d'enfants et il est plus haut pour un parent seul "
                "ou un couple dont les deux membres travaillent ; des jumeaux donnent une prime "
                "par enfant."
            ),
        )
    return _non(
        "prime-naissance",
        f"Vos revenus de {annee_n2(s)} dépassent le plafond de la prime à la naissance pour un "
        "foyer comme le vôtre.",
        ce_qui_changerait=(
            "Le plafond est plus haut pour un parent seul ou si les deux membres du couple "
            "travaillent ; l'allocation de base de la PAJE, après la naissance, a d'autres "
            "plafonds : refaites un bilan après la naissance."
        ),
        periodicite="ponctuelle",
    )


def _prime_adoption_hors_champ(s: Situation) -> str | None:
    if not any(e.adoption is not None for e in s.enfants):
        return (
            "La prime à l'adoption concerne un enfant adopté (ou confié en vue d'adoption) arrivé "
            "au foyer : indiquez son mois d'arrivée."
        )
    return None


def _prime_adoption(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["paje_adoption"], 2)
    arrivee = mois_en_mots(max(e.adoption for e in s.enfants if e.adoption is not None))
    if montant > 0:
        return _oui(
            "prime-adoption",
            montant=montant,
            periodicite="ponctuelle",
            versement="dans les mois qui suivent l'arrivée de l'enfant",
            explication=(
                f"Pour l'enfant adopté arrivé au foyer en {arrivee}, et avec vos revenus de "
                f"{annee_n2(s)} sous le plafond, la prime à l'adoption est estimée à "
                f"{euros(montant)}, versée une fois par la CAF ou la MSA."
            ),
            ce_qui_changerait=(
                "Demandez-la à la CAF ou à la MSA dès l'arrivée de l'enfant, avec le jugement "
                "d'adoption ou l'attestation de placement en vue d'adoption. Le plafond de "
                "ressources dépend du nombre d'enfants."
            ),
        )
    limite = mois_plus(s.mois, -MOIS_PRIME_ADOPTION)
    if all(e.adoption <= limite for e in s.enfants if e.adoption is not None):
        return _non(
            "prime-adoption",
            f"La prime à l'adoption est versée dans les trois mois qui suivent l'arrivée de "
            f"l'enfant (ici, {arrivee}) : si vous ne l'avez pas reçue, demandez-la à la CAF ou à "
            "la MSA, les prestations familiales se réclament jusqu'à deux ans après (article "
            "L553-1 du code de la sécurité sociale).",
            periodicite="ponctuelle",
        )
    return _non(
        "prime-adoption",
        f"Vos revenus de {annee_n2(s)} dépassent le plafond de la prime à l'adoption pour un "
        "foyer comme le vôtre (ou l'enfant avait 20 ans ou plus à son arrivée).",
        periodicite="ponctuelle",
    )


# OpenFisca-France pays the prime d'adoption from the month of arrival to three months after.
MOIS_PRIME_ADOPTION = 3


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
        periodicite="annuelle",
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
# Rights added in the fifth session: their variables are computed AFTER every variable of the
# rights above (main and explanatory ones), so the values of those are unchanged (OpenFisca's
# results depend on what was computed before: see "Batch independence").
DROITS_NATIONAUX_AJOUTES: tuple[DroitNational, ...] = (
    DroitNational(
        "apa",
        (("apa_domicile", "mois"),),
        _apa_hors_champ,
        _apa,
        parametres=(
            "prestations_sociales.prestations_etat_de_sante.perte_autonomie_personnes_agees",
        ),
        explicatives=(
            ("apa_domicile_participation", "mois"),
            ("dependance_plan_aide_domicile_accepte", "mois"),
        ),
        groupe=1,
    ),
    DroitNational(
        "cheque-energie",
        (("cheque_energie", "annee"),),
        _cheque_energie_hors_champ,
        _cheque_energie,
        parametres=("prestations_sociales.solidarite_insertion.autre_solidarite.cheque_energie",),
        # Its scales have not changed since 2019 (no yearly revaluation to warn about).
        revalorisation_mois=120,
        groupe=1,
        periodicite="annuelle",
    ),
    DroitNational(
        "bourses-college-lycee",
        (("bourse_college", "mois"), ("bourse_lycee", "mois")),
        _bourses_hors_champ,
        _bourses,
        parametres=("prestations_sociales.education.bourses.bourses_education",),
        revalorisation_mois=36,
        groupe=1,
        periodicite="annuelle",
    ),
    DroitNational(
        "aeeh",
        (("aeeh", "mois"),),
        _aeeh_hors_champ,
        _aeeh,
        parametres=("prestations_sociales.prestations_familiales.bmaf",),
        groupe=1,
    ),
    DroitNational(
        "paje-allocation-base",
        (("paje_base", "mois"),),
        _paje_hors_champ,
        _paje,
        parametres=("prestations_sociales.prestations_familiales.bmaf",),
        groupe=1,
    ),
    DroitNational(
        "ass",
        (("ass", "mois"),),
        _ass_hors_champ,
        _ass,
        parametres=("chomage.allocations_assurance_chomage.ass",),
        groupe=1,
    ),
)
# Rights added in the seventh session, computed in the small simulation of the PAJE primes (see
# `DroitNational.primes`), only for households with an expected birth or an adopted child.
DROITS_NATIONAUX_PRIMES: tuple[DroitNational, ...] = (
    DroitNational(
        "prime-naissance",
        (("paje_naissance", "mois"),),
        _prime_naissance_hors_champ,
        _prime_naissance,
        parametres=("prestations_sociales.prestations_familiales.bmaf",),
        groupe=2,
        periodicite="ponctuelle",
        primes=True,
    ),
    DroitNational(
        "prime-adoption",
        (("paje_adoption", "mois"),),
        _prime_adoption_hors_champ,
        _prime_adoption,
        parametres=("prestations_sociales.prestations_familiales.bmaf",),
        groupe=2,
        periodicite="ponctuelle",
        primes=True,
    ),
)
DROITS_NATIONAUX = DROITS_NATIONAUX + DROITS_NATIONAUX_AJOUTES + DROITS_NATIONAUX_PRIMES


# --- Bourse sur critères sociaux (Crous) -------------------------------------------------------
def _etudiants(s: Situation) -> list:
    return [p for p in s.personnes if p.role != "autre" and p.etudiant_superieur()]


def _bcs_present(s: Situation) -> bool:
    return any(p.echelon_bourse is not None for p in s.personnes if p.role != "autre")


def _bcs_hors_champ(s: Situation) -> str | None:
    if not _etudiants(s):
        return (
            "La bourse sur critères sociaux concerne les étudiant·es de l'enseignement supérieur "
            "(université, BTS, écoles habilitées)."
        )
    if not _bcs_present(s):
        if any(p.boursier for p in _etudiants(s)):
            return (
                "Vous êtes boursier·e : indiquez votre échelon (0 bis à 7, sur la notification "
                "du Crous) pour estimer le montant de votre bourse."
            )
        return (
            "Demandez votre dossier social étudiant (DSE) sur messervices.etudiant.gouv.fr : "
            "votre échelon de bourse dépend des revenus de vos parents (ou des vôtres si vous "
            "êtes indépendant·e), du nombre d'enfants à leur charge et de la distance entre leur "
            "domicile et votre lieu d'études. Faites-le de mars à mai pour la rentrée suivante."
        )
    return None


def _echelon_en_clair(echelon: str) -> str:
    return "0 bis" if echelon == "0bis" else echelon


def _bcs(s: Situation, v: dict[str, float]) -> DroitEvalue:
    montant = round(v["bourse_criteres_sociaux"], 2)
    echelons = ", ".join(
        _echelon_en_clair(p.echelon_bourse) for p in _etudiants(s) if p.echelon_bourse
    )
    mois = seuils(s.mois).bcs_nombre_mensualites
    if montant > 0:
        return _oui(
            "bourse-enseignement-superieur",
            montant_mensuel=montant,
            explication=(
                f"Avec l'échelon {echelons}, la bourse sur critères sociaux est de "
                f"{euros(montant)} par mois, versée sur {mois:g} mois de l'année universitaire "
                f"({euros(round(montant * mois, 2))} par an) par le Crous. Être boursier·e "
                "exonère aussi des droits d'inscription à l'université et de la CVEC, et réduit le "
                "forfait de ressources étudiant de l'aide au logement."
            ),
            ce_qui_changerait=(
                "L'échelon est revu chaque année d'après les revenus de vos parents de l'année "
                "N-2 : refaites votre dossier social étudiant chaque printemps. Montants fixés par "
                "l'arrêté du 13 avril 2023, inchangés jusqu'en 2025-2026 : ceux d'une année "
                "universitaire plus récente peuvent différer."
            ),
        )
    return _non(
        "bourse-enseignement-superieur",
        "D'après l'échelon indiqué, aucune bourse n'est versée.",
    )


# Computed after every other right (the last group): a batch without a student with an echelon
# does not compute it at all (`present`).
DROITS_NATIONAUX = DROITS_NATIONAUX + (
    DroitNational(
        "bourse-enseignement-superieur",
        (("bourse_criteres_sociaux", "mois"),),
        _bcs_hors_champ,
        _bcs,
        parametres=(
            "prestations_sociales.education.bourses.enseignement_superieur.criteres_sociaux.montants",
        ),
        groupe=99,
        present=_bcs_present,
    ),
)
PAR_SLUG = {d.slug: d for d in DROITS_NATIONAUX}
