"""Business rules of the single fund, in plain Python (no Django): tested in milliseconds.

- the statuses of an application and the allowed transitions;
- refusal reasons, kinds of supporting documents, kinds of decisions;
- a repayable loan's schedule;
- median and 90th percentile of delays; an envelope's state and alert.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

STATUTS: dict[str, str] = {
    "brouillon": "Brouillon",
    "deposee": "Déposée",
    "complete": "Complète",
    "en_instruction": "En instruction",
    "en_commission": "En commission",
    "accordee": "Accordée",
    "partiellement_accordee": "Partiellement accordée",
    "refusee": "Refusée",
    "ajournee": "Ajournée",
    "payee": "Payée",
    "classee": "Classée",
}

DECISIONS = {
    "accordee": "Accord",
    "partiellement_accordee": "Accord partiel",
    "refusee": "Refus",
    "ajournee": "Ajournement",
}
STATUTS_DECIDES = frozenset({"accordee", "partiellement_accordee", "refusee", "payee", "classee"})
STATUTS_ACCORDES = frozenset({"accordee", "partiellement_accordee", "payee"})

TRANSITIONS: dict[str, frozenset[str]] = {
    "brouillon": frozenset({"deposee", "classee"}),
    "deposee": frozenset({"complete", "classee"}),
    "complete": frozenset({"en_instruction", "classee"}),
    "en_instruction": frozenset(
        {"en_commission", "accordee", "partiellement_accordee", "refusee", "ajournee", "classee"}
    ),
    "en_commission": frozenset(
        {"accordee", "partiellement_accordee", "refusee", "ajournee", "en_instruction"}
    ),
    "ajournee": frozenset({"en_instruction", "en_commission", "classee"}),
    "accordee": frozenset({"payee", "classee"}),
    "partiellement_accordee": frozenset({"payee", "classee"}),
    "refusee": frozenset({"classee"}),
    "payee": frozenset({"classee"}),
    "classee": frozenset(),
}

MOTIFS_REFUS: dict[str, str] = {
    "ressources": "Ressources ou quotient familial au-dessus du barème",
    "reste_a_vivre": "Reste à vivre suffisant pour faire face à la dépense",
    "plafond_atteint": "Plafond annuel du fonds déjà atteint",
    "hors_criteres": "Besoin hors des critères du fonds",
    "pieces_manquantes": "Pièces justificatives manquantes après relance",
    "autre_dispositif": "Un autre dispositif doit intervenir d'abord (CAF, fournisseur, bailleur)",
    "hors_departement": "Le foyer n'habite pas le département",
    "autre": "Autre motif (précisé)",
}

PIECES: dict[str, str] = {
    "identite": "Pièce d'identité ou titre de séjour",
    "ressources": "Justificatif de ressources",
    "bail": "Bail ou quittance de loyer",
    "dette": "Décompte de la dette (bailleur)",
    "facture": "Facture (énergie, eau, téléphone)",
    "devis": "Devis",
    "rib": "Relevé d'identité bancaire du bénéficiaire",
    "autre": "Autre pièce",
}

MODES_DECISION = {"delegation": "Décision déléguée", "commission": "Décision en commission"}


def transition_permise(de: str, vers: str) -> bool:
    return vers in TRANSITIONS.get(de, frozenset())


def message_transition(de: str, vers: str) -> str:
    permis = sorted(TRANSITIONS.get(de, ()), key=list(STATUTS).index)
    suite = ", ".join(f"« {STATUTS[s]} »" for s in permis) or "aucun (dossier clos)"
    return (
        f"Une demande « {STATUTS.get(de, de)} » ne peut pas passer à « {STATUTS.get(vers, vers)} ». "
        f"Statuts possibles : {suite}."
    )


# -- Loans ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Echeance:
    rang: int
    date: dt.date
    montant: Decimal


def _mois_suivant(d: dt.date, n: int) -> dt.date:
    mois = d.month - 1 + n
    annee = d.year + mois // 12
    return dt.date(annee, mois % 12 + 1, min(d.day, 28))


def echeancier(montant: Decimal, duree_mois: int, premiere: dt.date) -> list[Echeance]:
    """Equal monthly instalments (in cents, rounded down), the last one taking the remainder."""
    if duree_mois <= 0:
        raise ValueError("La durée du prêt doit être d'au moins un mois.")
    if montant <= 0:
        raise ValueError("Le montant du prêt doit être positif.")
    base = (montant / duree_mois).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    out = []
    for rang in range(1, duree_mois + 1):
        m = base if rang < duree_mois else montant - base * (duree_mois - 1)
        out.append(Echeance(rang, _mois_suivant(premiere, rang - 1), m))
    return out


@dataclass(frozen=True)
class EcheanceDue:
    """An instalment as it stands: what was due, what the repayments cover of it (oldest
    instalment first), what is still due and since how many days when it is late."""

    rang: int
    date: dt.date
    montant: Decimal
    couvert: Decimal
    reste: Decimal
    jours_retard: int

    @property
    def soldee(self) -> bool:
        return self.reste <= 0

    @property
    def en_retard(self) -> bool:
        return self.jours_retard > 0


@dataclass(frozen=True)
class EtatPret:
    montant: Decimal
    rembourse: Decimal
    echeances: tuple[EcheanceDue, ...]

    @property
    def solde(self) -> Decimal:
        """What the person still owes on the loan."""
        return max(self.montant - self.rembourse, Decimal("0"))

    @property
    def en_retard(self) -> tuple[EcheanceDue, ...]:
        return tuple(e for e in self.echeances if e.en_retard)

    @property
    def montant_en_retard(self) -> Decimal:
        return sum((e.reste for e in self.en_retard), Decimal("0"))

    @property
    def jours_retard(self) -> int:
        """Days since the oldest unpaid instalment fell due (0: up to date)."""
        return max((e.jours_retard for e in self.echeances), default=0)

    @property
    def prochaine(self) -> EcheanceDue | None:
        return next((e for e in self.echeances if not e.soldee and not e.en_retard), None)


def etat_pret(
    montant: Decimal,
    echeances: Sequence[Echeance],
    rembourse: Decimal,
    aujourdhui: dt.date,
) -> EtatPret:
    """A loan's balance and late instalments: the repayments are allocated to the instalments
    in order (the oldest first), whatever instalment the person meant to repay; an instalment
    whose date is passed (strictly) and which is not wholly covered is late."""
    reste_a_repartir = max(rembourse, Decimal("0"))
    lignes = []
    for e in sorted(echeances, key=lambda x: x.rang):
        couvert = min(e.montant, reste_a_repartir)
        reste_a_repartir -= couvert
        reste = e.montant - couvert
        retard = (aujourdhui - e.date).days if reste > 0 and e.date < aujourdhui else 0
        lignes.append(EcheanceDue(e.rang, e.date, e.montant, couvert, reste, retard))
    return EtatPret(montant, rembourse, tuple(lignes))


CANAUX_RELANCE = {
    "courrier": "Lettre (PDF à imprimer et envoyer)",
    "courriel": "Courriel",
    "sms": "SMS",
}
CANAUX_NOTIFICATION = {
    "courrier": "Courrier postal",
    "remise": "Remise en main propre",
    "courriel": "Courriel (avis de décision, la lettre reste à remettre ou envoyer)",
}


# -- Figures -------------------------------------------------------------------------------------


def centile(valeurs: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0–100) by linear interpolation between closest ranks (the method of
    numpy's default and of most spreadsheets)."""
    if not valeurs:
        return None
    v = sorted(valeurs)
    if len(v) == 1:
        return float(v[0])
    rang = (len(v) - 1) * p / 100
    bas, haut = math.floor(rang), math.ceil(rang)
    return float(v[bas] + (v[haut] - v[bas]) * (rang - bas))


@dataclass(frozen=True)
class EtatEnveloppe:
    montant: Decimal
    engage: Decimal
    paye: Decimal
    seuil_alerte: int  # %

    @property
    def disponible(self) -> Decimal:
        return self.montant - self.engage

    @property
    def taux_engagement(self) -> float:
        return float(self.engage / self.montant * 100) if self.montant else 0.0

    @property
    def alerte(self) -> str | None:
        """None, "seuil" (the alert threshold is passed) or "epuisee"."""
        if self.engage >= self.montant:
            return "epuisee"
        if self.taux_engagement >= self.seuil_alerte:
            return "seuil"
        return None

    @property
    def message(self) -> str:
        if self.alerte == "epuisee":
            return "Enveloppe épuisée : aucun nouvel engagement possible sans abondement."
        if self.alerte == "seuil":
            return (
                f"Enveloppe engagée à {self.taux_engagement:.0f} % (seuil d'alerte : "
                f"{self.seuil_alerte} %)."
            )
        return f"Enveloppe engagée à {self.taux_engagement:.0f} %."
