"""Business rules of the premier accueil, in plain Python (no Django): tested in milliseconds.

- the life domains of needs and the contact channels;
- the orientation state machine (allowed transitions);
- name normalisation and likely-duplicate detection (RapidFuzz);
- reference numbers of online requests;
- follow-up, expiry and retention dates.
"""

from __future__ import annotations

import enum
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

CANAUX = {
    "sur_place": "Sur place",
    "telephone": "Téléphone",
    "formulaire": "Formulaire en ligne",
    "courriel": "Courriel",
    "aller_vers": "Aller vers",
}

DOMAINES = {
    "logement": "Logement",
    "emploi": "Emploi",
    "sante": "Santé",
    "budget": "Budget",
    "famille": "Famille",
    "handicap": "Handicap",
    "autonomie": "Autonomie",
    "numerique": "Numérique",
    "mobilite": "Mobilité",
    "demarches": "Démarches administratives",
    "violences": "Violences",
}


def libelles_besoins(codes) -> list[str]:
    """The labels of needs (an unknown code shown as it is)."""
    return [DOMAINES.get(b, b) for b in codes]


# Each need of the accueil as the directory knows it: a data·inclusion category, or a kind of
# structure when no category fits (`annuaire.selectors.structures_pour`), for the orientation's
# suggestions.
BESOINS_ANNUAIRE: dict[str, tuple[str | None, str | None]] = {
    "logement": ("logement-hebergement", None),
    "emploi": ("trouver-un-emploi", None),
    "sante": ("sante", None),
    "budget": ("difficultes-financieres", None),
    "famille": ("famille", None),
    "handicap": (None, "mdph"),
    "autonomie": (None, "pole-autonomie"),
    "numerique": ("numerique", None),
    "mobilite": ("mobilite", None),
    "demarches": ("difficultes-administratives-ou-juridiques", None),
    "violences": (None, None),
}

MOMENTS = {"": "Peu importe", "matin": "Le matin", "apres_midi": "L'après-midi"}

# How the person may receive the confirmation of an online request (only if they tick it).
CONFIRMATIONS = {
    "courriel": "Par courriel, à l'adresse indiquée",
    "sms": "Par SMS, au numéro indiqué",
}

# --- Orientation state machine ------------------------------------------------------------


class StatutOrientation(enum.StrEnum):
    """THE statuses of an orientation (model choices, rules, services, pages, API, templates).

    A plain-Python enumeration (this module imports no Django) shaped like Django's TextChoices:
    `.label`, `choices()`, usable in templates (`o.Statut.ENVOYEE`)."""

    PROPOSEE = "proposee"
    ENVOYEE = "envoyee"
    ACCEPTEE = "acceptee"
    REFUSEE = "refusee"
    REALISEE = "realisee"
    EXPIREE = "expiree"

    do_not_call_in_templates = enum.nonmember(True)

    @property
    def label(self) -> str:
        return _LIBELLES_STATUTS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(s.value, s.label) for s in cls]


_LIBELLES_STATUTS = {
    StatutOrientation.PROPOSEE: "Proposée",
    StatutOrientation.ENVOYEE: "Envoyée",
    StatutOrientation.ACCEPTEE: "Acceptée",
    StatutOrientation.REFUSEE: "Refusée",
    StatutOrientation.REALISEE: "Réalisée",
    StatutOrientation.EXPIREE: "Expirée",
}
S = StatutOrientation
STATUTS = dict(S.choices())  # value -> label, for pages and the API

# (from, to) -> who may do it: "origine" (sending structure), "destination" (receiving one),
# "systeme" (the relancer_orientations command).
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PROPOSEE, S.ENVOYEE): "origine",
    (S.ENVOYEE, S.ACCEPTEE): "destination",
    (S.ENVOYEE, S.REFUSEE): "destination",
    (S.ACCEPTEE, S.REALISEE): "destination",
    (S.ENVOYEE, S.EXPIREE): "systeme",
}
STATUTS_FINAUX = frozenset({S.REFUSEE, S.REALISEE, S.EXPIREE})
STATUTS_REPONSE = frozenset({S.ACCEPTEE, S.REFUSEE})
# The receiving structure may still answer (accept, refuse, mark done).
STATUTS_A_REPONDRE = frozenset({S.ENVOYEE, S.ACCEPTEE})
# While the orientation is in one of these, the receiving structure sees what was shared.
STATUTS_PARTAGE_ACTIF = frozenset({S.ENVOYEE, S.ACCEPTEE, S.REALISEE})
# The receiving structure still sees the orientation itself (not the file) once closed.
STATUTS_VUS_PAR_DESTINATION = STATUTS_PARTAGE_ACTIF | {S.REFUSEE, S.EXPIREE}


class TransitionInterdite(ValueError):
    """A status change the state machine does not allow (message in French)."""


def verifier_transition(depuis: str, vers: str, qui: str, motif: str = "") -> None:
    if depuis not in STATUTS or vers not in STATUTS:
        raise TransitionInterdite("Statut d'orientation inconnu.")
    attendu = TRANSITIONS.get((depuis, vers))
    if attendu is None:
        raise TransitionInterdite(
            f"Une orientation « {STATUTS[depuis].lower()} » ne peut pas passer à "
            f"« {STATUTS[vers].lower()} »."
        )
    if attendu != qui:
        raise TransitionInterdite(
            {
                "origine": "Seule la structure qui oriente peut faire ce changement.",
                "destination": "Seule la structure destinataire peut répondre à l'orientation.",
                "systeme": "Ce changement est fait automatiquement, après le délai de réponse.",
            }[attendu]
        )
    if vers == S.REFUSEE and not motif.strip():
        raise TransitionInterdite("Le motif du refus est obligatoire.")


def transitions_possibles(depuis: str, qui: str) -> list[str]:
    return [v for (d, v), w in TRANSITIONS.items() if d == depuis and w == qui]


@dataclass(frozen=True)
class Echeances:
    relance: datetime
    expiration: datetime


def echeances(envoyee_le: datetime, jours_relance: int, jours_expiration: int) -> Echeances:
    return Echeances(
        envoyee_le + timedelta(days=jours_relance), envoyee_le + timedelta(days=jours_expiration)
    )


def action_relance(
    statut: str, envoyee_le: datetime | None, relancee: bool, maintenant: datetime, e_rel, e_exp
) -> str | None:
    """What the follow-up command must do with one orientation: 'relancer', 'expirer' or None.
    Idempotent: an orientation already flagged is not flagged again."""
    if statut != S.ENVOYEE or envoyee_le is None:
        return None
    ech = echeances(envoyee_le, e_rel, e_exp)
    if maintenant >= ech.expiration:
        return "expirer"
    if maintenant >= ech.relance and not relancee:
        return "relancer"
    return None


# --- Names and duplicates -------------------------------------------------------------------


def normaliser(texte: str) -> str:
    """'  Éloïse-Marie d'Arc ' -> 'ELOISE MARIE D ARC' (no accents, letters and single spaces)."""
    sans_accents = unicodedata.normalize("NFKD", texte or "")
    lettres = "".join(
        c if c.isalnum() else " " for c in sans_accents if not unicodedata.combining(c)
    )
    return " ".join(lettres.upper().split())


@dataclass(frozen=True)
class Candidat:
    id: int
    nom: str
    prenom: str
    date_naissance: date | None


@dataclass(frozen=True)
class Doublon:
    id: int
    certitude: str  # "identique", "telephone" (same phone number) or "proche"
    score: float


SEUIL_PROCHE = 85.0


class StatutDroit(enum.StrEnum):
    """Where the claim of a right identified for a person stands (its follow-up); shaped like
    `StatutOrientation`."""

    A_DEMANDER = "a_demander"
    DEMANDE = "demande"
    OBTENU = "obtenu"
    REFUSE = "refuse"

    do_not_call_in_templates = enum.nonmember(True)

    @property
    def label(self) -> str:
        return _LIBELLES_DROITS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(s.value, s.label) for s in cls]


_LIBELLES_DROITS = {
    StatutDroit.A_DEMANDER: "À demander",
    StatutDroit.DEMANDE: "Demandé",
    StatutDroit.OBTENU: "Obtenu",
    StatutDroit.REFUSE: "Refusé",
}


# A call back with no answer: the next try is at most this many days away.
RAPPEL_MAX_JOURS = 60


def verifier_date_rappel(rappeler_le: date | None, aujourdhui: date) -> str | None:
    """The French message when a retry date is missing, past or too far; else None."""
    if rappeler_le is None:
        return "Indiquez la date du prochain appel."
    if rappeler_le < aujourdhui:
        return "La date du prochain appel ne peut pas être passée."
    if (rappeler_le - aujourdhui).days > RAPPEL_MAX_JOURS:
        return f"Le prochain appel doit être dans les {RAPPEL_MAX_JOURS} jours."
    return None


def chiffres_telephone(texte: str) -> str:
    """A French phone number's ten digits ("06 12 34 56 78", "+33 6 12 34 56 78" ->
    "0612345678"); "" when it has too few digits to compare."""
    chiffres = "".join(c for c in texte or "" if c.isdigit())
    if chiffres.startswith("33") and len(chiffres) == 11:
        chiffres = "0" + chiffres[2:]
    return chiffres if len(chiffres) >= 9 else ""


def score_noms(nom_a: str, prenom_a: str, nom_b: str, prenom_b: str) -> float:
    """Similarity 0–100 of two identities, order of names ignored (a swapped nom/prénom
    still matches)."""
    a = f"{normaliser(nom_a)} {normaliser(prenom_a)}"
    b = f"{normaliser(nom_b)} {normaliser(prenom_b)}"
    return fuzz.token_sort_ratio(a, b)


def doublons_probables(
    nom: str, prenom: str, date_naissance: date | None, candidats: list[Candidat]
) -> list[Doublon]:
    """Likely duplicates among candidates: same normalised names and birth date ('identique'),
    or close names (typo, swapped) with the same birth date or no birth date on one side
    ('proche'). Best first."""
    trouves = []
    n, p = normaliser(nom), normaliser(prenom)
    for c in candidats:
        memes_noms = normaliser(c.nom) == n and normaliser(c.prenom) == p
        dates_compatibles = (
            date_naissance is None or c.date_naissance is None or c.date_naissance == date_naissance
        )
        if not dates_compatibles:
            continue
        if memes_noms and date_naissance is not None and c.date_naissance == date_naissance:
            trouves.append(Doublon(c.id, "identique", 100.0))
            continue
        score = score_noms(nom, prenom, c.nom, c.prenom)
        if score >= SEUIL_PROCHE:
            trouves.append(Doublon(c.id, "proche", round(score, 1)))
    return sorted(trouves, key=lambda d: (d.certitude != "identique", -d.score))


# --- References and dates -------------------------------------------------------------------

# No 0/O, 1/I/L: a reference read over the phone must not be ambiguous.
ALPHABET_REFERENCE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def nouvelle_reference(prefixe: str = "D") -> str:
    corps = "".join(secrets.choice(ALPHABET_REFERENCE) for _ in range(8))
    return f"{prefixe}-{corps[:4]}-{corps[4:]}"


def date_limite_retention(aujourdhui: date, jours: int) -> date:
    return aujourdhui - timedelta(days=jours)


def est_inactif(derniere_activite: date, aujourdhui: date, jours_retention: int) -> bool:
    return derniere_activite < date_limite_retention(aujourdhui, jours_retention)


def delai_moyen_heures(paires: list[tuple[datetime, datetime | None]]) -> float | None:
    """Mean delay in hours between a start and its first answer (pairs without answer skipped)."""
    delais = [(fin - debut).total_seconds() / 3600 for debut, fin in paires if fin is not None]
    if not delais:
        return None
    return round(sum(delais) / len(delais), 1)
