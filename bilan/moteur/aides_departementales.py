"""Departmental aids, declared as data (content/aides/<département>.yaml), evaluated in Python.

The format follows aides-jeunes' benefit files: an aid applies when ALL its
`conditions_generales` are true and ANY of its `profils` is true (a profile is a `type` —
who the person is — plus its own `conditions`, all true). Conditions that a questionnaire cannot
check (an ASE history, a rent debt…) are listed in `a_verifier`: the aid is then shown as
"probable, à vérifier" with those conditions spelled out.

Condition types (`type:`): age, departements, communes, quotient_familial, ressources_mensuelles,
beneficiaire_rsa, beneficiaire_aah, statut_occupation_logement, taux_incapacite,
nombre_enfants, personne_seule. Profile types: tous, salarie, independant, sans_emploi (alias
chomeur), etudiant, retraite, inactif, beneficiaire_rsa, beneficiaire_aah, parent, famille_monoparentale,
personne_handicapee, senior, jeune.

See content/aides/README.md for the full reference, and content/aides/tests/ for the YAML cases.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from bilan.moteur.resultat import DroitEvalue
from bilan.moteur.situation import Situation

DOSSIER = Path(__file__).resolve().parents[2] / "content" / "aides"
DOSSIER_DROITS = Path(__file__).resolve().parents[2] / "content" / "droits"

OPERATEURS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "=": operator.eq,
    "==": operator.eq,
}


class ErreurAide(ValueError):
    """A departmental aid file that does not follow the format."""


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
OPERATEUR_PAR_DEFAUT = {"age": "<=", "taux_incapacite": ">=", "nombre_enfants": ">="}

Test = Callable[[Contexte], bool]


def _operateur(c: Mapping[str, Any]) -> str:
    return c.get("operator", OPERATEUR_PAR_DEFAUT[c["type"]])


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
    attendu = c.get("value", True)
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


@dataclass(frozen=True)
class AideDepartementale:
    slug: str
    departement: str
    label: str
    institution: str
    description: str
    type: str  # "bool" (an aid without fixed amount) or "float"
    periodicite: str
    conditions_generales: tuple[Mapping[str, Any], ...]
    profils: tuple[Mapping[str, Any], ...]
    explication: str
    sources: tuple[Mapping[str, str], ...]
    verifie_le: dt.date
    montant: float | None = None
    versement: str | None = None
    droits: tuple[str, ...] = ()  # knowledge-base pages, preferred first
    a_verifier: tuple[str, ...] = ()

    @cached_property
    def page(self) -> str | None:
        """The knowledge-base slug to link to: the first of `droits` that exists (looked up
        once per aid: the content does not change while a process runs)."""
        for slug in self.droits:
            if (DOSSIER_DROITS / f"{slug}.yaml").exists():
                return slug
        return None

    def applicable(self, ctx: Contexte) -> bool:
        return self._test(ctx)

    @cached_property
    def _test(self) -> Test:
        """ALL the general conditions and ANY profile (with ALL its conditions), compiled on
        first use."""
        generales = [compiler_condition(c) for c in self.conditions_generales]
        profils = []
        for profil in self.profils:
            kind = profil.get("type")
            if kind not in PROFILS:
                raise ErreurAide(f"type de profil inconnu : {kind}")
            conditions = [compiler_condition(c) for c in profil.get("conditions", ())]
            profils.append((PROFILS[kind], conditions))

        def test(ctx: Contexte) -> bool:
            return all(f(ctx) for f in generales) and any(
                qui(ctx) and all(f(ctx) for f in conditions) for qui, conditions in profils
            )

        return test

    def evaluer(self, ctx: Contexte) -> DroitEvalue:
        return self.resultat(self.applicable(ctx))

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
        textes = {
            True: texte,
            False: "D'après votre situation, les conditions de cette aide ne sont pas réunies "
            f"({self.conditions_en_clair}).",
        }
        return {
            eligible: DroitEvalue(
                slug=self.slug,
                titre=self.label,
                nature="departemental",
                page=self.page,
                eligible=eligible,
                montant_mensuel=round(self.montant or 0.0, 2) if eligible and mensuel else 0.0,
                montant=self.montant if not mensuel else None,
                periodicite=self.periodicite
                if self.periodicite in ("mensuelle", "annuelle")
                else "ponctuelle",
                versement=self.versement,
                explication=textes[eligible],
            )
            for eligible in (True, False)
        }

    @cached_property
    def conditions_en_clair(self) -> str:
        """The aid's conditions in plain French (the same for every household: kept)."""
        morceaux = [_en_clair(c) for c in self.conditions_generales]
        profils = [PROFILS_EN_CLAIR.get(p["type"], p["type"]) for p in self.profils]
        if profils and "tous" not in [p["type"] for p in self.profils]:
            morceaux.append("être " + " ou ".join(profils))
        return ", ".join(m for m in morceaux if m)


PROFILS_EN_CLAIR = {
    "salarie": "salarié",
    "independant": "travailleur indépendant",
    "sans_emploi": "sans emploi",
    "chomeur": "sans emploi",
    "etudiant": "étudiant",
    "retraite": "retraité",
    "inactif": "sans activité",
    "beneficiaire_rsa": "bénéficiaire du RSA",
    "beneficiaire_aah": "bénéficiaire de l'AAH",
    "parent": "parent d'un enfant à charge",
    "famille_monoparentale": "parent seul avec un enfant à charge",
    "personne_handicapee": "en situation de handicap (taux d'au moins 50 %)",
    "senior": "âgé de 60 ans ou plus",
    "jeune": "âgé de moins de 26 ans",
}


EN_MOTS = {
    "<": "moins de",
    "<=": "au plus",
    ">": "plus de",
    ">=": "au moins",
    "=": "exactement",
    "==": "exactement",
}


def _en_clair(c: Mapping[str, Any]) -> str:
    kind = c["type"]
    if kind == "departements":
        return "habiter le département"
    if kind == "communes":
        return "habiter l'une des communes concernées"
    if kind == "age":
        return f"avoir {EN_MOTS[_operateur(c)]} {c['value']} ans"
    if kind == "quotient_familial":
        return f"un quotient familial sous {c['ceiling']} € par mois" if "ceiling" in c else ""
    if kind == "ressources_mensuelles":
        return f"des ressources sous {c['ceiling']} € par mois" if "ceiling" in c else ""
    if kind == "beneficiaire_rsa":
        return "percevoir le RSA" if c.get("value", True) else "ne pas percevoir le RSA"
    if kind == "beneficiaire_aah":
        return "percevoir l'AAH"
    if kind == "statut_occupation_logement":
        return "être locataire ou avoir le statut de logement prévu"
    if kind == "taux_incapacite":
        return f"un taux d'incapacité {EN_MOTS[_operateur(c)]} {c['value']} %"
    if kind == "nombre_enfants":
        return f"{EN_MOTS[_operateur(c)]} {c['value']} enfant(s) à charge"
    if kind == "personne_seule":
        return "vivre seul" if c.get("value", True) else "vivre en couple"
    return kind


def _verifier(condition: Mapping[str, Any], ou: str) -> None:
    kind = condition.get("type")
    if kind not in CONDITIONS:
        raise ErreurAide(f"{ou} : type de condition inconnu « {kind} »")
    if "operator" in condition and condition["operator"] not in OPERATEURS:
        raise ErreurAide(f"{ou} : opérateur inconnu « {condition['operator']} »")


def lire_fichier(chemin: Path) -> list[AideDepartementale]:
    """Read and check one département's file."""
    with open(chemin, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    departement = str(data.get("departement", chemin.stem))
    out = []
    for brut in data.get("aides", []):
        ou = f"{chemin.name}, aide {brut.get('slug', '?')}"
        for cle in (
            "slug",
            "label",
            "conditions_generales",
            "profils",
            "sources",
            "verifie_le",
            "explication",
        ):
            if cle not in brut:
                raise ErreurAide(f"{ou} : champ « {cle} » manquant")
        for c in brut["conditions_generales"]:
            _verifier(c, ou)
        for p in brut["profils"]:
            if p.get("type") not in PROFILS:
                raise ErreurAide(f"{ou} : type de profil inconnu « {p.get('type')} »")
            for c in p.get("conditions", ()):
                _verifier(c, ou)
        verifie = brut["verifie_le"]
        out.append(
            AideDepartementale(
                slug=brut["slug"],
                departement=departement,
                label=brut["label"],
                institution=brut.get("institution", data.get("institution", "")),
                description=brut.get("description", ""),
                type=brut.get("type", "bool"),
                periodicite=brut.get("periodicite", "ponctuelle"),
                conditions_generales=tuple(brut["conditions_generales"]),
                profils=tuple(brut["profils"]),
                explication=brut["explication"].strip(),
                sources=tuple(brut["sources"]),
                verifie_le=verifie
                if isinstance(verifie, dt.date)
                else dt.date.fromisoformat(str(verifie)),
                montant=brut.get("montant"),
                versement=brut.get("versement"),
                droits=tuple(brut.get("droits", ())),
                a_verifier=tuple(brut.get("a_verifier", ())),
            )
        )
    return out


@lru_cache(maxsize=1)
def catalogue_aides() -> tuple[AideDepartementale, ...]:
    aides: list[AideDepartementale] = []
    for chemin in sorted(DOSSIER.glob("*.yaml")):
        aides.extend(lire_fichier(chemin))
    return tuple(aides)


def aides_du_departement(departement: str) -> list[AideDepartementale]:
    return list(_par_departement().get(departement, ()))


@lru_cache(maxsize=1)
def _par_departement() -> dict[str, tuple[AideDepartementale, ...]]:
    """The catalogue indexed by département (built once, like the catalogue)."""
    out: dict[str, list[AideDepartementale]] = {}
    for a in catalogue_aides():
        out.setdefault(a.departement, []).append(a)
    return {dep: tuple(liste) for dep, liste in out.items()}


def evaluer_aides(situation: Situation, nationaux: Mapping[str, DroitEvalue]) -> list[DroitEvalue]:
    """The département's aids for this household (all of them, eligible or not)."""
    ctx = Contexte(situation, nationaux)
    aides = _par_departement().get(ctx.departement, ())
    return [aide.evaluer(ctx) for aide in aides]


def aides_eligibles(
    situation: Situation, nationaux: Mapping[str, DroitEvalue]
) -> list[DroitEvalue]:
    """Only the aids this household probably has (the screening's path: the others need no
    explanation). `nationaux` may hold only the eligible national rights: the conditions read
    nothing else (`Contexte.percoit`, `prestations_mensuelles`)."""
    ctx = Contexte(situation, nationaux)
    aides = _par_departement().get(ctx.departement, ())
    return [aide.resultat(True) for aide in aides if aide.applicable(ctx)]
