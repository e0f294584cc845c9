"""The single fund's scales (content/aides_financieres/<département>.yaml), evaluated in Python.

Plain Python, no Django: a département's file declares, dated and sourced, the criteria common to
every fund (the same condition format as the departmental aids' `regle` in `content/droits/`, compiled by
`bilan.moteur.aides_departementales`), the quotient familial bands (share of the need taken in
charge), the ceiling of the monthly reste à vivre per consumption unit, then each fund of the
single fund (FSL accès, FSL maintien, énergie, eau, téléphone, FAJ, aide d'urgence…): the needs it
covers, its own conditions, its ceilings per application and per year, who may be paid and
whether it gives or lends. `proposer` turns an application (household, resources, charges, needs)
into a proposal: the fund(s) and amount of each need, with an explanation in plain French; one
need may be split across funds when the first one's ceiling is reached.

The file also keeps, as data, the old separate funds (before harmonisation) and typical
households: `rapport_harmonisation` lists per need what each old fund would have given and what
the single fund gives. Cases: content/aides_financieres/tests/<département>.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bilan.moteur.aides_departementales import (
    CONDITIONS,
    OPERATEURS,
    Contexte,
    en_clair,
)
from bilan.moteur.resultat import DroitEvalue
from bilan.moteur.situation import Situation

DOSSIER = Path(__file__).resolve().parents[1] / "content" / "aides_financieres"

# The needs an application may carry (the same words in every département).
BESOINS: dict[str, str] = {
    "acces_logement": "Entrée dans un logement (dépôt de garantie, premier loyer, assurance)",
    "impaye_loyer": "Dette de loyer (maintien dans le logement)",
    "energie": "Facture d'énergie (électricité, gaz, fioul, bois)",
    "eau": "Facture d'eau",
    "telephone": "Facture de téléphone ou d'internet",
    "subsistance": "Subsistance (alimentation, hygiène, produits de première nécessité)",
    "projet_jeune": "Projet d'un jeune de 18 à 25 ans (formation, transport, permis, logement)",
}

# Who may be paid.
BENEFICIAIRES: dict[str, str] = {
    "bailleur": "le bailleur",
    "fournisseur_energie": "le fournisseur d'énergie",
    "distributeur_eau": "le distributeur d'eau",
    "operateur_telephone": "l'opérateur de téléphonie",
    "personne": "la personne",
    "organisme": "l'organisme (auto-école, centre de formation…)",
}

# "paid to …" in French (à + le = au).
VERSE_A: dict[str, str] = {
    "bailleur": "au bailleur",
    "fournisseur_energie": "au fournisseur d'énergie",
    "distributeur_eau": "au distributeur d'eau",
    "operateur_telephone": "à l'opérateur de téléphonie",
    "personne": "à la personne",
    "organisme": "à l'organisme (auto-école, centre de formation…)",
}

FORMES = {"subvention": "don", "pret": "prêt remboursable"}

# Monthly charges the reste à vivre deducts (€ per month).
CHARGES: dict[str, str] = {
    "loyer": "Loyer ou mensualité d'accession, charges comprises",
    "energie": "Énergie",
    "eau": "Eau",
    "assurances": "Assurances",
    "telephone": "Téléphone et internet",
    "credits": "Crédits et plans d'apurement",
    "autres": "Autres charges fixes (cantine, transport, pension…)",
}

CENT = Decimal("0.01")


class ErreurBareme(ValueError):
    """A scale file that does not follow the format."""


def euros(valeur: Any) -> Decimal:
    return Decimal(str(valeur)).quantize(CENT, rounding=ROUND_HALF_UP)


def en_euros(montant: Decimal) -> str:
    """1234.5 -> '1 234,50 €' (French writing, non-breaking space before the unit)."""
    entier, _, dec = f"{montant:.2f}".partition(".")
    signe = "-" if entier.startswith("-") else ""
    entier = entier.lstrip("-")
    groupes = []
    while entier:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    texte = signe + "\u202f".join(groupes)
    return f"{texte} €" if dec == "00" else f"{texte},{dec} €"


# -- What the conditions read ------------------------------------------------------------------


class ContexteDemande(Contexte):
    """The departmental aids' context (same conditions, same family quotient) plus what an
    application adds: the monthly charges and the consumption units."""

    __slots__ = ("charges",)

    def __init__(self, situation: Situation, prestations: Mapping[str, float], charges):
        nationaux = {
            slug: DroitEvalue(
                slug=slug,
                titre=slug,
                eligible=float(m) > 0,
                montant_mensuel=float(m),
                explication="déclaré",
            )
            for slug, m in prestations.items()
        }
        super().__init__(situation, nationaux)
        self.charges = {k: float(v) for k, v in charges.items()}

    def ressources_totales(self) -> float:
        """Earned and replacement income plus the benefits received, per month."""
        return self.ressources_mensuelles() + self.prestations_mensuelles()

    def unites_consommation(self) -> float:
        """OECD scale: 1 for the first adult, 0.5 for each other person of 14 or more, 0.3 for
        each child under 14."""
        uc = 1.0
        autres = [p for p in self.situation.personnes if p.role != "demandeur"]
        for p in autres:
            uc += 0.5 if p.age >= 14 else 0.3
        return uc

    def reste_a_vivre(self) -> float:
        """(Resources − fixed charges) per consumption unit, per month."""
        return (self.ressources_totales() - sum(self.charges.values())) / (
            self.unites_consommation()
        )


def _tranche(c: Mapping[str, Any], lire) -> Any:
    plancher, plafond = c.get("floor"), c.get("ceiling")

    def test(ctx) -> bool:
        v = lire(ctx)
        return (plancher is None or v >= plancher) and (plafond is None or v < plafond)

    return test


# The departmental aids' condition types, plus the one an application adds.
CONDITIONS_FONDS = dict(CONDITIONS) | {
    "reste_a_vivre": lambda c: _tranche(c, ContexteDemande.reste_a_vivre),
}


def _condition_en_clair(c: Mapping[str, Any]) -> str:
    if c["type"] == "reste_a_vivre":
        return (
            f"avoir un reste à vivre inférieur à {c['ceiling']} € par mois et par unité de "
            "consommation"
        )
    return en_clair(c)


def _valeur_lue(c: Mapping[str, Any], ctx: ContexteDemande) -> str:
    """What the household has, for the condition's explanation."""
    kind = c["type"]
    if kind == "reste_a_vivre":
        return f"reste à vivre de {en_euros(euros(ctx.reste_a_vivre()))} par unité de consommation"
    if kind == "quotient_familial":
        return f"quotient familial de {en_euros(euros(ctx.quotient_familial()))}"
    if kind == "age":
        return f"{ctx.situation.demandeur.age} ans"
    return ""


@dataclass(frozen=True)
class Condition:
    brut: Mapping[str, Any]

    def __post_init__(self):
        kind = self.brut.get("type")
        if kind not in CONDITIONS_FONDS:
            raise ErreurBareme(f"type de condition inconnu : {kind}")
        op = self.brut.get("operator")
        if op is not None and op not in OPERATEURS:
            raise ErreurBareme(f"opérateur inconnu : {op}")
        object.__setattr__(self, "_test", CONDITIONS_FONDS[kind](self.brut))

    def vraie(self, ctx: ContexteDemande) -> bool:
        return self._test(ctx)

    @property
    def en_clair(self) -> str:
        return _condition_en_clair(self.brut)

    def motif(self, ctx: ContexteDemande) -> str:
        """Why it is not met, naming the condition and what the household has."""
        lu = _valeur_lue(self.brut, ctx)
        return f"il faut {self.en_clair}" + (f" ({lu})" if lu else "")


def _conditions(brutes, ou: str) -> tuple[Condition, ...]:
    try:
        return tuple(Condition(c) for c in brutes or ())
    except ErreurBareme as exc:
        raise ErreurBareme(f"{ou} : {exc}") from None


# -- The scale ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fonds:
    slug: str
    label: str
    besoins: tuple[str, ...]
    conditions: tuple[Condition, ...]
    plafond_demande: Decimal
    plafond_annuel: Decimal
    beneficiaires: tuple[str, ...]
    forme: str  # "subvention" or "pret"
    duree_pret_mois: int = 0
    fsl: bool = False


@dataclass(frozen=True)
class Tranche:
    plafond: Decimal | None  # QF strictly under this
    taux: int  # % of the need taken in charge


@dataclass(frozen=True)
class AncienFonds:
    slug: str
    label: str
    besoins: tuple[str, ...]
    conditions: tuple[Condition, ...]
    taux: int
    plafond: Decimal


@dataclass(frozen=True)
class Bareme:
    departement: str
    institution: str
    label: str
    verifie_le: dt.date
    en_vigueur_le: dt.date
    sources: tuple[Mapping[str, str], ...]
    conditions_communes: tuple[Condition, ...]
    tranches: tuple[Tranche, ...]
    seuil_delegation: Decimal
    recours: str
    fonds: tuple[Fonds, ...]
    anciens_fonds: tuple[AncienFonds, ...] = ()
    menages_types: tuple[Mapping[str, Any], ...] = ()

    def fonds_par_slug(self) -> dict[str, Fonds]:
        return {f.slug: f for f in self.fonds}

    def taux(self, qf: float) -> int | None:
        for t in self.tranches:
            if t.plafond is None or qf < float(t.plafond):
                return t.taux
        return None

    @property
    def plafond_qf(self) -> Decimal | None:
        return self.tranches[-1].plafond if self.tranches else None


def _date(v) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _exiger(brut: Mapping, cles: Sequence[str], ou: str) -> None:
    for cle in cles:
        if cle not in brut:
            raise ErreurBareme(f"{ou} : champ « {cle} » manquant")


def lire_bareme(chemin: Path) -> Bareme:
    with open(chemin, encoding="utf-8") as f:
        data = yaml.safe_load(f) or {}
    ou = chemin.name
    _exiger(
        data,
        ("departement", "label", "verifie_le", "en_vigueur_le", "sources", "tranches_qf", "fonds"),
        ou,
    )
    fonds = []
    for brut in data["fonds"]:
        ouf = f"{ou}, fonds {brut.get('slug', '?')}"
        _exiger(
            brut,
            ("slug", "label", "besoins", "plafond_demande", "plafond_annuel", "beneficiaires"),
            ouf,
        )
        inconnus = [b for b in brut["besoins"] if b not in BESOINS]
        inconnus += [b for b in brut["beneficiaires"] if b not in BENEFICIAIRES]
        if inconnus:
            raise ErreurBareme(f"{ouf} : valeur inconnue « {inconnus[0]} »")
        forme = brut.get("forme", "subvention")
        if forme not in FORMES:
            raise ErreurBareme(f"{ouf} : forme inconnue « {forme} »")
        fonds.append(
            Fonds(
                slug=brut["slug"],
                label=brut["label"],
                besoins=tuple(brut["besoins"]),
                conditions=_conditions(brut.get("conditions"), ouf),
                plafond_demande=euros(brut["plafond_demande"]),
                plafond_annuel=euros(brut["plafond_annuel"]),
                beneficiaires=tuple(brut["beneficiaires"]),
                forme=forme,
                duree_pret_mois=int(brut.get("duree_pret_mois", 0)),
                fsl=bool(brut.get("fsl", False)),
            )
        )
    tranches = tuple(
        Tranche(
            plafond=euros(t["ceiling"]) if t.get("ceiling") is not None else None,
            taux=int(t["taux"]),
        )
        for t in data["tranches_qf"]
    )
    plafonds = [t.plafond for t in tranches if t.plafond is not None]
    if plafonds != sorted(plafonds):
        raise ErreurBareme(f"{ou} : les tranches de quotient familial doivent être croissantes")
    anciens = tuple(
        AncienFonds(
            slug=a["slug"],
            label=a["label"],
            besoins=tuple(a["besoins"]),
            conditions=_conditions(a.get("conditions"), f"{ou}, ancien fonds {a['slug']}"),
            taux=int(a.get("taux", 100)),
            plafond=euros(a["plafond"]),
        )
        for a in data.get("anciens_fonds", ())
    )
    return Bareme(
        departement=str(data["departement"]),
        institution=data.get("institution", ""),
        label=data["label"],
        verifie_le=_date(data["verifie_le"]),
        en_vigueur_le=_date(data["en_vigueur_le"]),
        sources=tuple(data["sources"]),
        conditions_communes=_conditions(data.get("conditions_communes"), ou),
        tranches=tranches,
        seuil_delegation=euros(data.get("seuil_delegation", 0)),
        recours=(data.get("recours") or "").strip(),
        fonds=tuple(fonds),
        anciens_fonds=anciens,
        menages_types=tuple(data.get("menages_types", ())),
    )


@lru_cache(maxsize=1)
def baremes() -> dict[str, Bareme]:
    return {b.departement: b for b in (lire_bareme(c) for c in sorted(DOSSIER.glob("*.yaml")))}


def bareme_du_departement(departement: str) -> Bareme | None:
    return baremes().get(departement)


# -- An application and its proposal -----------------------------------------------------------


@dataclass(frozen=True)
class LigneBesoin:
    besoin: str
    montant: Decimal
    creancier: str = "personne"


@dataclass(frozen=True)
class Demande:
    situation: Situation
    besoins: tuple[LigneBesoin, ...]
    prestations: Mapping[str, float] = field(default_factory=dict)
    charges: Mapping[str, float] = field(default_factory=dict)
    # Already granted this year, per fund slug (the yearly ceilings).
    deja_accorde: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class LigneProposee:
    besoin: str
    fonds: str
    fonds_label: str
    montant: Decimal
    forme: str
    beneficiaire: str
    duree_pret_mois: int
    explication: str


@dataclass(frozen=True)
class Proposition:
    departement: str
    quotient_familial: Decimal
    reste_a_vivre: Decimal
    taux: int | None
    lignes: tuple[LigneProposee, ...]
    refus: tuple[str, ...]  # one sentence per unmet condition or need left uncovered
    decision: str  # "delegation" or "commission"
    explication: tuple[str, ...]

    @property
    def total(self) -> Decimal:
        return sum((ligne.montant for ligne in self.lignes), Decimal("0.00"))

    def par_fonds(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for ligne in self.lignes:
            out[ligne.fonds] = out.get(ligne.fonds, Decimal("0.00")) + ligne.montant
        return out


def proposer(bareme: Bareme, demande: Demande) -> Proposition:
    """The fund(s) and amount the harmonised scale gives for each need, explained."""
    ctx = ContexteDemande(demande.situation, demande.prestations, demande.charges)
    qf = euros(ctx.quotient_familial())
    rav = euros(ctx.reste_a_vivre())
    explication = [
        f"Ressources du foyer : {en_euros(euros(ctx.ressources_totales()))} par mois, "
        f"charges fixes : {en_euros(euros(sum(ctx.charges.values())))} par mois, "
        f"{_uc_texte(ctx.unites_consommation())}.",
        f"Quotient familial : {en_euros(qf)} par mois ; reste à vivre : {en_euros(rav)} par "
        "mois et par unité de consommation.",
    ]

    def resultat(lignes, refus, taux) -> Proposition:
        total = sum((ligne.montant for ligne in lignes), Decimal("0.00"))
        decision = "delegation" if total <= bareme.seuil_delegation else "commission"
        if lignes:
            explication.append(
                f"Montant proposé : {en_euros(total)}. "
                + (
                    f"Sous le seuil de {en_euros(bareme.seuil_delegation)}, la décision est "
                    "prise par le service des aides financières (délégation)."
                    if decision == "delegation"
                    else f"Au-delà de {en_euros(bareme.seuil_delegation)}, la demande passe "
                    "en commission."
                )
            )
        return Proposition(
            departement=bareme.departement,
            quotient_familial=qf,
            reste_a_vivre=rav,
            taux=taux,
            lignes=tuple(lignes),
            refus=tuple(refus),
            decision=decision,
            explication=tuple(explication),
        )

    manquantes = [c.motif(ctx) for c in bareme.conditions_communes if not c.vraie(ctx)]
    if manquantes:
        return resultat([], [_phrase(f"Pour le {bareme.label}, {m}") for m in manquantes], None)
    taux = bareme.taux(float(qf))
    if taux is None:
        return resultat(
            [],
            [
                f"Le quotient familial du foyer ({en_euros(qf)}) dépasse le plafond de "
                f"{en_euros(bareme.plafond_qf)} du barème."
            ],
            None,
        )
    explication.append(f"Le barème prend en charge {taux} % du besoin pour ce quotient familial.")
    lignes: list[LigneProposee] = []
    refus: list[str] = []
    utilise: dict[str, Decimal] = {}
    for besoin in demande.besoins:
        libelle = BESOINS.get(besoin.besoin, besoin.besoin).split(" (")[0].lower()
        candidats = [f for f in bareme.fonds if besoin.besoin in f.besoins]
        if not candidats:
            refus.append(f"Aucun fonds ne couvre ce besoin : {libelle}.")
            continue
        reste = euros(Decimal(besoin.montant) * taux / 100)
        motifs: list[str] = []
        for fonds in candidats:
            if reste <= 0:
                break
            manquantes = [c.motif(ctx) for c in fonds.conditions if not c.vraie(ctx)]
            if manquantes:
                motifs.append(f"{fonds.label} : " + " ; ".join(manquantes))
                continue
            annuel = (
                fonds.plafond_annuel
                - Decimal(demande.deja_accorde.get(fonds.slug, 0))
                - utilise.get(fonds.slug, Decimal(0))
            )
            deja = utilise.get(fonds.slug, Decimal(0))
            disponible = max(Decimal("0.00"), min(fonds.plafond_demande - deja, annuel))
            if disponible <= 0:
                motifs.append(
                    f"{fonds.label} : plafond de {en_euros(fonds.plafond_demande)} par demande "
                    f"ou de {en_euros(fonds.plafond_annuel)} par an déjà atteint"
                )
                continue
            part = min(reste, disponible)
            beneficiaire = (
                besoin.creancier
                if besoin.creancier in fonds.beneficiaires
                else fonds.beneficiaires[0]
            )
            texte = (
                f"{libelle.capitalize()} : {en_euros(part)} au titre du {fonds.label} "
                f"({taux} % de {en_euros(euros(besoin.montant))}"
                + (f", limité par le plafond de {en_euros(disponible)}" if part < reste else "")
                + f"), {FORMES[fonds.forme]}"
                + (f" sur {fonds.duree_pret_mois} mois" if fonds.forme == "pret" else "")
                + f", versé {VERSE_A[beneficiaire]}."
            )
            if beneficiaire != besoin.creancier:
                texte += (
                    f" Ce fonds ne paie pas {BENEFICIAIRES.get(besoin.creancier, '?')} : "
                    f"il paie {BENEFICIAIRES[beneficiaire]}."
                )
            lignes.append(
                LigneProposee(
                    besoin=besoin.besoin,
                    fonds=fonds.slug,
                    fonds_label=fonds.label,
                    montant=part,
                    forme=fonds.forme,
                    beneficiaire=beneficiaire,
                    duree_pret_mois=fonds.duree_pret_mois,
                    explication=texte,
                )
            )
            explication.append(texte)
            utilise[fonds.slug] = utilise.get(fonds.slug, Decimal(0)) + part
            reste -= part
        if reste > 0 and reste == euros(Decimal(besoin.montant) * taux / 100):
            refus.append(
                f"{libelle.capitalize()} : aucun fonds possible ("
                + ("; ".join(motifs) if motifs else "plafonds atteints")
                + ")."
            )
        elif reste > 0:
            refus.append(
                f"{libelle.capitalize()} : {en_euros(reste)} restent sans financement "
                "(plafonds atteints)."
            )
    return resultat(lignes, refus, taux)


def _uc_texte(uc: float) -> str:
    texte = f"{uc:.1f}".replace(".", ",").replace(",0", "")
    return f"{texte} unité{'s' if uc >= 2 else ''} de consommation"


def _phrase(texte: str) -> str:
    return texte[0].upper() + texte[1:] + "."


# -- Before and after harmonisation -------------------------------------------------------------


@dataclass(frozen=True)
class LigneRapport:
    besoin: str
    menage: str
    avant: tuple[tuple[str, Decimal, str], ...]  # (old fund, amount, why)
    apres: Decimal
    apres_detail: str


def montant_ancien_fonds(ancien: AncienFonds, ctx: ContexteDemande, montant: Decimal):
    manquantes = [c.motif(ctx) for c in ancien.conditions if not c.vraie(ctx)]
    if manquantes:
        return Decimal("0.00"), "; ".join(manquantes)
    part = min(euros(montant * ancien.taux / 100), ancien.plafond)
    return part, f"{ancien.taux} %, plafond {en_euros(ancien.plafond)}"


def demande_depuis_cas(cas: Mapping[str, Any]) -> Demande:
    """An application described as in the YAML cases and typical households."""
    return Demande(
        situation=Situation.model_validate(cas["situation"]),
        besoins=tuple(
            LigneBesoin(b["besoin"], euros(b["montant"]), b.get("creancier", "personne"))
            for b in cas.get("besoins", ())
        ),
        prestations=cas.get("prestations") or {},
        charges=cas.get("charges") or {},
        deja_accorde={k: euros(v) for k, v in (cas.get("deja_accorde") or {}).items()},
    )


def rapport_harmonisation(bareme: Bareme) -> list[LigneRapport]:
    """Per need and typical household: what each old fund gave, what the single fund gives."""
    lignes = []
    for besoin in BESOINS:
        anciens = [a for a in bareme.anciens_fonds if besoin in a.besoins]
        if not anciens and not any(besoin in f.besoins for f in bareme.fonds):
            continue
        for menage in bareme.menages_types:
            demande = demande_depuis_cas(menage)
            montant = euros((menage.get("montants") or {}).get(besoin, menage.get("montant", 0)))
            demande = Demande(
                situation=demande.situation,
                besoins=(LigneBesoin(besoin, montant, "personne"),),
                prestations=demande.prestations,
                charges=demande.charges,
            )
            ctx = ContexteDemande(demande.situation, demande.prestations, demande.charges)
            avant = tuple((a.label, *montant_ancien_fonds(a, ctx, montant)) for a in anciens)
            proposition = proposer(bareme, demande)
            lignes.append(
                LigneRapport(
                    besoin=besoin,
                    menage=menage["nom"],
                    avant=avant,
                    apres=proposition.total,
                    apres_detail=" ; ".join(
                        f"{ligne.fonds_label} {en_euros(ligne.montant)}"
                        for ligne in proposition.lignes
                    )
                    or " ".join(proposition.refus),
                )
            )
    return lignes
