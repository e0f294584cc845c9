"""The rules the project evaluates itself (a département's own aids), evaluated in Python.

Each rule is the `regle` of its right's file, `content/droits/<slug>.yaml`, beside the
knowledge-base page it belongs to (one title, one list of sources, one "vérifié le" date),
read through `droits.schema.fiches()` (the one reader of that folder, plain Python like this
module). The format follows aides-jeunes' benefit files: an aid applies when ALL its
`conditions_generales` are true and ANY of its `profils` is true (a profile is a `type` — who
the person is — plus its own `conditions`, all true). The page's `territoire` says where it
applies ("77": households of the Seine-et-Marne; "national": everyone). Conditions that a
questionnaire cannot check (an ASE history, a rent debt…) are listed in `a_verifier`: the aid is
then shown as "probable, à vérifier" with those conditions spelled out. When an aid is not
probable, its explanation names only the conditions this household does not meet.

Reference of the format (condition and profile types): content/droits/README.md, « La règle ».
YAML cases: content/droits/tests/.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from bilan.moteur.openfisca.systeme import parametres
from bilan.moteur.resultat import DroitEvalue
from bilan.moteur.situation import STATUTS_LOGEMENT, Situation
from droits import schema
from solidarites.francais import nombre

OPERATEURS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "==": operator.eq,
}


class ErreurAide(ValueError):
    """A rule that does not follow the format."""


class Contexte:
    """What the conditions read: the situation and the national rights already computed.
    Built once per household; what several conditions read is computed once, here."""

    __slots__ = (
        "situation",
        "nationaux",
        "adultes",
        "activites",
        "departement",
        "_qf",
    )

    def __init__(self, situation: Situation, nationaux: Mapping[str, DroitEvalue] | None = None):
        self.situation = situation
        self.nationaux = nationaux if nationaux is not None else {}
        self.adultes = situation.adultes_du_foyer
        self.activites = {p.activite_effective() for p in self.adultes}
        self.departement = situation.departement
        self._qf: float | None = None

    def percoit(self, slug: str) -> bool:
        d = self.nationaux.get(slug)
        return slug in self.situation.droits_percus or bool(d and d.eligible)

    def ressources_mensuelles(self) -> float:
        return sum(p.revenus.total() for p in self.adultes)

    def prestations_mensuelles(self) -> float:
        return sum(d.montant_mensuel for d in self.nationaux.values() if d.eligible)

    def parts_caf(self) -> float:
        """Parts of the CAF family quotient: 2 for the adults, 0.5 for each of the first two
        children, 1 for the third, 0.5 for each following one."""
        parts = 2.0
        for rang, _ in enumerate(self.situation.enfants, start=1):
            parts += 1.0 if rang == 3 else 0.5
        return parts

    def quotient_familial(self) -> float:
        """The CAF family quotient, monthly: (resources + family benefits) / parts (computed
        once per household: the national rights are final when the aids are evaluated)."""
        if self._qf is None:
            self._qf = (
                self.ressources_mensuelles() + self.prestations_mensuelles()
            ) / self.parts_caf()
        return self._qf


# The operator of a comparison when the file gives none (the same for the test and the text).
OPERATEUR_PAR_DEFAUT = {"age": "<=", "taux_incapacite": ">=", "nombre_enfants": ">=", "gir": "<="}
# PCH: the difficulty criterion (annex 2-5 of the CASF) counts for a person under this age, or
# who still works (the exceptions after 60 are said in the aid's `a_verifier`).
AGE_DIFFICULTES = 60


def _difficultes(ctx: Contexte) -> bool:
    """Someone of the household has an absolute difficulty for at least one essential
    activity, or a serious difficulty for at least two (and is under 60, or still works)."""
    return any(
        (p.activites_difficulte_absolue >= 1 or p.activites_difficulte_grave >= 2)
        and (p.age < AGE_DIFFICULTES or p.activite_effective() in ("salarie", "independant"))
        for p in ctx.situation.personnes
    )


# --- PreParE (prestation partagée d'éducation de l'enfant) -----------------------------------------
# OpenFisca-France 176 has its parameters but no formula for `paje_prepare`: the project's rule
# (content/droits/prepare.yaml) reads the ages, reference periods and rates from its dated
# parameters at the month asked.
def _prepare(mois: str):
    return parametres(
        mois
    ).prestations_sociales.prestations_familiales.petite_enfance.paje.paje_prepare


# An adopted child opens the PreParE in the year after its arrival (months), up to this age.
MOIS_ADOPTION_PREPARE = 12


def _enfant_prepare(ctx: Contexte) -> bool:
    """The youngest child is under the PreParE's age limit (1 year for a first child, 3 from
    the second: `age_max_plus_jeune_enfant`), or an adopted child under 20 arrived less than a
    year ago."""
    s = ctx.situation
    if not s.enfants:
        return False
    ages = _prepare(s.mois).age_max_plus_jeune_enfant
    limite = ages.enfant if len(s.enfants) == 1 else ages.deux_enfants_plus
    if min(e.age for e in s.enfants) < limite:
        return True
    a, m = (int(x) for x in s.mois.split("-"))
    return any(
        e.adoption is not None
        and e.age < 20
        and (a * 12 + m) - (int(e.adoption[:4]) * 12 + int(e.adoption[5:7])) < MOIS_ADOPTION_PREPARE
        for e in s.enfants
    )


def _parents_en_conge(ctx: Contexte) -> list:
    return [p for p in ctx.adultes if p.conge_parental is not None]


def _trimestres_prepare(ctx: Contexte) -> bool:
    """A parent who stops or reduces work has not said they lack the 8 quarters (unknown is
    said in the aid's `a_verifier`)."""
    parents = _parents_en_conge(ctx)
    return not parents or any(p.trimestres_prepare is not False for p in parents)


TAUX_PREPARE = {
    "arret": ("taux_plein", "arrêt complet de l'activité"),
    "temps_partiel_50": ("taux_partiel_50", "temps partiel à 50 % ou moins"),
    "temps_partiel_80": ("taux_partiel_entre_50_80", "temps partiel entre 50 et 80 %"),
}


def montant_prepare(ctx: Contexte) -> tuple[float, str]:
    """The PreParE of the household's parents who stop or reduce work (and have not said they
    lack the quarters): the rate of their reduction of activity times the BMAF, at the month
    asked; and its detail in words."""
    from bilan.moteur.droits_nationaux import euros

    mois = ctx.situation.mois
    p = _prepare(mois).prestation_partagee_education_enfant
    bmaf = parametres(mois).prestations_sociales.prestations_familiales.bmaf.bmaf
    total, details = 0.0, []
    for parent in _parents_en_conge(ctx):
        if parent.trimestres_prepare is False:
            continue
        taux, mots = TAUX_PREPARE[parent.conge_parental]
        montant = round(float(getattr(p, taux)) * float(bmaf), 2)
        total += montant
        qui = "vous" if parent.role == "demandeur" else "votre conjoint·e"
        details.append(f"{euros(montant)} par mois pour {qui} ({mots})")
    return round(total, 2), " et ".join(details)


MONTANTS_SELON: dict[str, Callable[[Contexte], tuple[float, str]]] = {
    "conge_parental": montant_prepare,
}


def _gir(c: Mapping[str, Any]) -> Test:
    """An adult's GIR compared with `value` (only adults whose GIR is known)."""
    op = _operateur(c)
    comparer, valeur = OPERATEURS[op], c["value"]
    return lambda ctx: any(p.gir is not None and comparer(p.gir, valeur) for p in ctx.adultes)


Test = Callable[[Contexte], bool]


def _operateur(c: Mapping[str, Any]) -> str:
    return c.get("operator") or OPERATEUR_PAR_DEFAUT[c["type"]]


def _comparaison(c: Mapping[str, Any], lire: Callable[[Contexte], float]) -> Test:
    op = _operateur(c)
    if op not in OPERATEURS:
        raise ErreurAide(f"opérateur inconnu : {op}")
    comparer, valeur = OPERATEURS[op], c["value"]
    return lambda ctx: comparer(lire(ctx), valeur)


def _tranche(c: Mapping[str, Any], lire: Callable[[Contexte], float]) -> Test:
    plancher, plafond = c.get("floor"), c.get("ceiling")

    def test(ctx: Contexte) -> bool:
        v = lire(ctx)
        return (plancher is None or v >= plancher) and (plafond is None or v < plafond)

    return test


def _parmi(valeurs, lire: Callable[[Contexte], str]) -> Test:
    ensemble = frozenset(str(v) for v in valeurs)
    return lambda ctx: lire(ctx) in ensemble


def _est(c: Mapping[str, Any], lire: Callable[[Contexte], bool]) -> Test:
    attendu = c.get("value")
    attendu = True if attendu is None else attendu
    return lambda ctx: lire(ctx) is attendu


# Each condition type, compiled once per aid into a test of a household's context (the
# parameters read from the file once, not for every household screened).
CONDITIONS: dict[str, Callable[[Mapping[str, Any]], Test]] = {
    "age": lambda c: _comparaison(c, lambda ctx: ctx.situation.demandeur.age),
    "departements": lambda c: _parmi(c["values"], lambda ctx: ctx.departement),
    "communes": lambda c: _parmi(c["values"], lambda ctx: ctx.situation.commune),
    "quotient_familial": lambda c: _tranche(c, Contexte.quotient_familial),
    "ressources_mensuelles": lambda c: _tranche(c, Contexte.ressources_mensuelles),
    "beneficiaire_rsa": lambda c: _est(c, lambda ctx: ctx.percoit("rsa")),
    "beneficiaire_aah": lambda c: _est(c, lambda ctx: ctx.percoit("aah")),
    "statut_occupation_logement": lambda c: _parmi(
        c["values"], lambda ctx: ctx.situation.logement.statut
    ),
    "taux_incapacite": lambda c: _comparaison(
        c, lambda ctx: max(p.taux_incapacite for p in ctx.adultes)
    ),
    "nombre_enfants": lambda c: _comparaison(c, lambda ctx: len(ctx.situation.enfants)),
    "personne_seule": lambda c: _est(c, lambda ctx: ctx.situation.conjoint is None),
    "difficultes_activites": lambda c: _est(c, _difficultes),
    "gir": _gir,
    "enfant_prepare": lambda c: _est(c, _enfant_prepare),
    "conge_parental": lambda c: _est(c, lambda ctx: bool(_parents_en_conge(ctx))),
    "trimestres_prepare": lambda c: _est(c, _trimestres_prepare),
}


def compiler_condition(condition: Mapping[str, Any]) -> Test:
    kind = condition.get("type")
    if kind not in CONDITIONS:
        raise ErreurAide(f"type de condition inconnu : {kind}")
    return CONDITIONS[kind](condition)


def _activites(ctx: Contexte) -> set[str]:
    return ctx.activites


PROFILS = {
    "tous": lambda ctx: True,
    "salarie": lambda ctx: "salarie" in _activites(ctx),
    "independant": lambda ctx: "independant" in _activites(ctx),
    "sans_emploi": lambda ctx: "sans_emploi" in _activites(ctx),
    "chomeur": lambda ctx: "sans_emploi" in _activites(ctx),
    "etudiant": lambda ctx: "etudiant" in _activites(ctx),
    "retraite": lambda ctx: "retraite" in _activites(ctx),
    "inactif": lambda ctx: "inactif" in _activites(ctx),
    "beneficiaire_rsa": lambda ctx: ctx.percoit("rsa"),
    "beneficiaire_aah": lambda ctx: ctx.percoit("aah"),
    "parent": lambda ctx: bool(ctx.situation.enfants),
    "famille_monoparentale": lambda ctx: (
        bool(ctx.situation.enfants) and ctx.situation.conjoint is None
    ),
    "personne_handicapee": lambda ctx: any(p.taux_incapacite >= 50 for p in ctx.adultes),
    "senior": lambda ctx: any(p.age >= 60 for p in ctx.adultes),
    "jeune": lambda ctx: ctx.situation.demandeur.age < 26,
}


# A compiled condition: its test and its text in plain French ("avoir au moins 18 ans").
Critere = tuple[Test, str]

# The household's own figure, said after a refusal that names a band it is outside of.
# type: (its words in a condition, the household's figure in words, how to read it).
VALEURS_DU_FOYER = {
    "quotient_familial": (
        "avoir un quotient familial",
        "Votre quotient familial estimé",
        Contexte.quotient_familial,
    ),
    "ressources_mensuelles": (
        "avoir des ressources",
        "Vos ressources déclarées",
        Contexte.ressources_mensuelles,
    ),
}


@dataclass(frozen=True)
class AideDepartementale:
    """A rule of content/droits/<slug>.yaml, with the page's title, sources and date."""

    slug: str
    departement: str  # the page's territory: a département's code, or "national"
    label: str
    institution: str
    description: str
    periodicite: str
    conditions_generales: tuple[Mapping[str, Any], ...]
    profils: tuple[Mapping[str, Any], ...]
    explication: str
    sources: tuple[Mapping[str, str], ...]
    verifie_le: dt.date
    montant: float | None = None
    versement: str | None = None
    a_verifier: tuple[str, ...] = ()
    page: str | None = None
    montant_selon: str | None = None  # the amount computed for each household (MONTANTS_SELON)

    @classmethod
    def depuis_fiche(cls, fiche: schema.FicheDroit) -> AideDepartementale:
        regle = fiche.regle
        if regle is None:
            raise ErreurAide(f"{fiche.slug} : la fiche n'a pas de règle")
        return cls(
            slug=fiche.slug,
            departement=fiche.territoire,
            label=fiche.titre,
            institution=fiche.demarche.organisme,
            description=fiche.resume,
            periodicite=fiche.ce_que_ca_apporte.periodicite,
            conditions_generales=tuple(
                c.model_dump(exclude_none=True) for c in regle.conditions_generales
            ),
            profils=tuple(p.model_dump(exclude_none=True) for p in regle.profils),
            explication=regle.explication,
            sources=tuple(s.model_dump() for s in fiche.sources),
            verifie_le=fiche.verifie_le,
            montant=regle.montant,
            versement=regle.versement,
            a_verifier=tuple(regle.a_verifier),
            page=fiche.slug,
            montant_selon=regle.montant_selon,
        )

    def applicable(self, ctx: Contexte) -> bool:
        generales, profils = self._criteres
        return all(test(ctx) for test, _ in generales) and any(
            qui(ctx) and all(test(ctx) for test, _ in conditions)
            for (qui, _), conditions in profils
        )

    @cached_property
    def _criteres(self) -> tuple[list[Critere], list[tuple[Critere, list[Critere]]]]:
        """ALL the general conditions and ANY profile (with ALL its conditions), each with its
        text, compiled on first use."""
        generales = [(compiler_condition(c), en_clair(c)) for c in self.conditions_generales]
        profils = []
        for profil in self.profils:
            kind = profil.get("type")
            if kind not in PROFILS:
                raise ErreurAide(f"type de profil inconnu : {kind}")
            conditions = [
                (compiler_condition(c), en_clair(c)) for c in profil.get("conditions", ())
            ]
            profils.append(((PROFILS[kind], PROFILS_EN_CLAIR.get(kind, "")), conditions))
        return generales, profils

    def evaluer(self, ctx: Contexte) -> DroitEvalue:
        if self.applicable(ctx):
            return self.resultat_du_foyer(ctx)
        refus = self.resultat(False)
        texte = self.conditions_manquantes(ctx)
        refus.explication = (
            "D'après votre situation, cette aide ne vous est probablement pas ouverte : "
            f"il faudrait {texte}."
            + "".join(
                f" {libelle} : {nombre(round(lire(ctx)))} € par mois."
                for condition, libelle, lire in VALEURS_DU_FOYER.values()
                if condition in texte
            )
        )
        return refus

    def conditions_manquantes(self, ctx: Contexte) -> str:
        """Only what this household does not meet, in plain French: the unmet general
        conditions, then (when no profile fits) for each profile what it lacks, as
        alternatives ("percevoir le RSA, ou avoir un quotient familial inférieur à 800 €…")."""
        generales, profils = self._criteres
        manque = [texte for test, texte in generales if not test(ctx)]
        alternatives = []
        for (qui, texte_qui), conditions in profils:
            parts = [] if qui(ctx) or not texte_qui else [texte_qui]
            parts += [texte for test, texte in conditions if not test(ctx)]
            if not parts:  # this profile fits: the general conditions are what is missing
                alternatives = []
                break
            alternatives.append(_et(parts))
        if alternatives:
            manque.append(", ou ".join(dict.fromkeys(alternatives)))
        return _et(manque) if manque else "remplir les conditions de l'aide"

    def resultat_du_foyer(self, ctx: Contexte) -> DroitEvalue:
        """The aid's result for a household that has it: the shared one, with the household's
        own amount when the rule computes one (`montant_selon`)."""
        r = self.resultat(True)
        if self.montant_selon is not None:
            montant, detail = MONTANTS_SELON[self.montant_selon](ctx)
            if self.periodicite == "mensuelle":
                r.montant_mensuel = montant
            else:
                r.montant = montant
            r.explication = f"Montant estimé : {detail}. {r.explication}"
        return r

    def resultat(self, eligible: bool) -> DroitEvalue:
        """The aid's result: the same for every household that has it (or not), so built once
        and copied (the engine then marks the copy as already received or not claimed)."""
        return self._resultats[eligible].model_copy()

    @cached_property
    def _resultats(self) -> dict[bool, DroitEvalue]:
        mensuel = self.periodicite == "mensuelle"
        texte = self.explication
        if self.a_verifier:
            texte += (
                " À vérifier avec un travailleur social : "
                + " ; ".join(c.rstrip(".") for c in self.a_verifier)
                + "."
            )
        return {
            eligible: DroitEvalue(
                slug=self.slug,
                titre=self.label,
                nature="national" if self.departement == schema.NATIONAL else "departemental",
                page=self.page,
                eligible=eligible,
                montant_mensuel=round(self.montant or 0.0, 2) if eligible and mensuel else 0.0,
                montant=self.montant if not mensuel else None,
                periodicite=self.periodicite
                if self.periodicite in ("mensuelle", "annuelle")
                else "ponctuelle",
                versement=self.versement,
                explication=texte
                if eligible
                else "D'après votre situation, cette aide ne vous est probablement pas ouverte.",
            )
            for eligible in (True, False)
        }


def _et(parts: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " et " + parts[-1]


# What each profile asks, in plain French and neutral wording (shown when it is missing).
PROFILS_EN_CLAIR = {
    "tous": "",
    "salarie": "avoir un emploi salarié",
    "independant": "travailler à votre compte",
    "sans_emploi": "être sans emploi",
    "chomeur": "être sans emploi",
    "etudiant": "faire des études",
    "retraite": "être à la retraite",
    "inactif": "être sans activité professionnelle",
    "beneficiaire_rsa": "percevoir le RSA",
    "beneficiaire_aah": "percevoir l'AAH",
    "parent": "avoir un enfant à charge",
    "famille_monoparentale": "élever seul ou seule un enfant à charge",
    "personne_handicapee": "avoir un taux d'incapacité d'au moins 50 %",
    "senior": "avoir 60 ans ou plus",
    "jeune": "avoir moins de 26 ans",
}


EN_MOTS = {
    "<": "moins de",
    "<=": "au plus",
    ">": "plus de",
    ">=": "au moins",
    "=": "exactement",
    "==": "exactement",
}


DE_MOTS = {
    "<": "de moins de",
    "<=": "d'au plus",
    ">": "de plus de",
    ">=": "d'au moins",
    "=": "de",
    "==": "de",
}


def _nombre(v: float) -> str:
    """18.0 → « 18 », 1200 → « 1 200 », 2.5 → « 2,50 »."""
    return nombre(v)


def _bande(c: Mapping[str, Any], quoi: str) -> str:
    morceaux = []
    if c.get("floor") is not None:
        morceaux.append(f"d'au moins {_nombre(c['floor'])} €")
    if c.get("ceiling") is not None:
        morceaux.append(f"inférieur à {_nombre(c['ceiling'])} €")
    return f"{quoi} {' et '.join(morceaux)} par mois"


def _statuts(valeurs) -> str:
    """« locataire dans le parc privé, hébergé gratuitement ou sans domicile stable »."""
    libelles = [STATUTS_LOGEMENT.get(v, v).split(" (")[0] for v in valeurs]
    return _ou([x[:1].lower() + x[1:] for x in libelles])


def _ou(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " ou " + parts[-1]


def en_clair(c: Mapping[str, Any]) -> str:
    """A condition in plain French, as a phrase that follows « il faudrait »."""
    kind = c["type"]
    oui = c.get("value") is not False
    if kind == "departements":
        return "habiter " + _ou([f"le {v}" for v in c["values"]])
    if kind == "communes":
        return "habiter l'une des communes où l'aide est proposée"
    if kind == "age":
        return f"avoir {EN_MOTS[_operateur(c)]} {_nombre(c['value'])} ans"
    if kind == "quotient_familial":
        return _bande(c, VALEURS_DU_FOYER[kind][0])
    if kind == "ressources_mensuelles":
        return _bande(c, VALEURS_DU_FOYER[kind][0]).replace("inférieur à", "inférieures à")
    if kind == "beneficiaire_rsa":
        return "percevoir le RSA" if oui else "ne pas percevoir le RSA"
    if kind == "beneficiaire_aah":
        return "percevoir l'AAH" if oui else "ne pas percevoir l'AAH"
    if kind == "statut_occupation_logement":
        return "être " + _statuts(c["values"])
    if kind == "taux_incapacite":
        return f"avoir un taux d'incapacité {DE_MOTS[_operateur(c)]} {_nombre(c['value'])} %"
    if kind == "nombre_enfants":
        return f"avoir {EN_MOTS[_operateur(c)]} {_nombre(c['value'])} enfant(s) à charge"
    if kind == "difficultes_activites":
        texte = (
            "qu'une personne du foyer ait une difficulté absolue pour au moins une activité "
            "essentielle, ou une difficulté grave pour au moins deux"
        )
        return texte if oui else "ne pas avoir " + texte.split("ait ", 1)[1]
    if kind == "gir":
        if _operateur(c) in ("<=", "<"):
            haut = c["value"] if _operateur(c) == "<=" else c["value"] - 1
            return f"avoir un GIR de 1 à {_nombre(haut)} (perte d'autonomie évaluée)"
        return f"avoir un GIR {DE_MOTS[_operateur(c)]} {_nombre(c['value'])}"
    if kind == "personne_seule":
        return "vivre sans conjoint" if oui else "vivre en couple"
    if kind == "enfant_prepare":
        return (
            "avoir un enfant de moins de 1 an (un seul enfant) ou de moins de 3 ans (à partir de "
            "deux enfants), ou un enfant adopté arrivé au foyer depuis moins d'un an"
        )
    if kind == "conge_parental":
        return (
            "qu'un parent arrête de travailler ou travaille à temps partiel (80 % au plus) pour "
            "s'occuper de l'enfant"
        )
    if kind == "trimestres_prepare":
        return (
            "que ce parent ait cotisé au moins 8 trimestres pour la retraite dans les 2 dernières "
            "années (un enfant), les 4 dernières (deux enfants) ou les 5 dernières (trois ou "
            "plus)"
        )
    raise ErreurAide(f"type de condition inconnu : {kind}")


@lru_cache(maxsize=1)
def catalogue_aides() -> tuple[AideDepartementale, ...]:
    """Every rule of content/droits/ (read once per process with the pages)."""
    return tuple(
        AideDepartementale.depuis_fiche(f) for f in schema.fiches().values() if f.regle is not None
    )


def aides_du_departement(departement: str) -> list[AideDepartementale]:
    """The département's own aids (not the national rules)."""
    return [a for a in _par_territoire().get(departement, ()) if a.departement == departement]


@lru_cache(maxsize=1)
def _par_territoire() -> dict[str, tuple[AideDepartementale, ...]]:
    """The rules a household of each département is evaluated on: the département's own and
    the national ones (built once, like the catalogue)."""
    nationales = [a for a in catalogue_aides() if a.departement == schema.NATIONAL]
    out: dict[str, list[AideDepartementale]] = {}
    for a in catalogue_aides():
        if a.departement != schema.NATIONAL:
            out.setdefault(a.departement, list(nationales)).append(a)
    return {dep: tuple(liste) for dep, liste in out.items()} | {"": tuple(nationales)}


def _regles(departement: str) -> tuple[AideDepartementale, ...]:
    par_territoire = _par_territoire()
    return par_territoire.get(departement) or par_territoire[""]


def evaluer_aides(situation: Situation, nationaux: Mapping[str, DroitEvalue]) -> list[DroitEvalue]:
    """The rules for this household (all of them, probable or not)."""
    ctx = Contexte(situation, nationaux)
    return [aide.evaluer(ctx) for aide in _regles(ctx.departement)]


def aides_eligibles(
    situation: Situation, nationaux: Mapping[str, DroitEvalue]
) -> list[DroitEvalue]:
    """Only the aids this household probably has (the screening's path: the others need no
    explanation). `nationaux` may hold only the eligible national rights: the conditions read
    nothing else (`Contexte.percoit`, `prestations_mensuelles`)."""
    ctx = Contexte(situation, nationaux)
    return [
        aide.resultat_du_foyer(ctx) for aide in _regles(ctx.departement) if aide.applicable(ctx)
    ]
