"""Rules of the RSA pathway, in plain Python (no Django): tested in milliseconds.

- the words of the pathway (orientations, diagnostic answers, presences, contracts, exits);
- the département's rules, read from `content/rsa/regles/<département>.yaml`: which answers of
  the diagnostic are obstacles ("freins"), the orientation suggested from them (with its
  explanation, "suggéré : sociale, parce que …"), who may be référent for each orientation, the
  delays the département commits to;
- month arithmetic and the delays of the dashboard (median, 90th percentile).

The agent decides: a suggestion is never applied by itself.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

ORIENTATIONS = {
    "professionnelle": "Professionnelle (France Travail)",
    "socio_professionnelle": "Socio-professionnelle",
    "sociale": "Sociale",
}

ORGANISMES = {"caf": "CAF", "msa": "MSA"}

STATUTS_DROIT = {"ouvert": "Droit ouvert", "suspendu": "Droit suspendu", "sorti": "Sorti du RSA"}

MOUVEMENTS = {"entree": "Entrée", "modification": "Changement", "sortie": "Sortie"}

MOTIFS_SORTIE = {
    "ressources": "Ressources supérieures au plafond (reprise d'emploi…)",
    "demenagement": "Déménagement hors du département",
    "fin_droit": "Fin de droit (autre motif administratif)",
    "radiation": "Radiation ou suspension prolongée",
    "autre_prestation": "Bascule vers une autre prestation (AAH, retraite…)",
    "deces": "Décès",
    "autre": "Autre motif",
}

# The diagnostic: the life domains of the accueil (accueil.regles.DOMAINES) plus these.
SITUATIONS_EMPLOI = {
    "en_emploi": "En emploi (temps partiel, intérim…)",
    "recherche_active": "Recherche un emploi, prête à reprendre",
    "formation": "En formation ou en projet de formation",
    "eloigne": "Éloignée de l'emploi depuis plus de deux ans",
    "jamais": "N'a jamais travaillé",
    "indisponible": "Indisponible (santé, aidant, enfant de moins de 3 ans…)",
}
MOBILITES = {
    "vehicule": "Permis et véhicule",
    "permis": "Permis sans véhicule",
    "transports": "Transports en commun accessibles",
    "aucune": "Aucune solution de déplacement",
}
GARDES_ENFANTS = {
    "sans_objet": "Pas d'enfant à faire garder",
    "solution": "Solution de garde trouvée",
    "a_trouver": "Solution de garde à trouver",
}
SANTES = {
    "bonne": "Pas de difficulté de santé déclarée",
    "suivi": "Difficulté de santé suivie, compatible avec un emploi",
    "limitante": "Difficulté de santé qui limite l'activité",
}
LOGEMENTS = {
    "stable": "Logement stable",
    "heberge": "Hébergé(e) chez un tiers",
    "precaire": "Logement précaire ou menacé (impayés, expulsion)",
    "sans": "Sans logement (rue, hébergement d'urgence)",
}
# Field of the diagnostic -> its answers.
QUESTIONS = {
    "situation_emploi": ("Situation face à l'emploi", SITUATIONS_EMPLOI),
    "mobilite": ("Mobilité", MOBILITES),
    "garde_enfants": ("Garde d'enfants", GARDES_ENFANTS),
    "sante": ("Santé", SANTES),
    "logement": ("Logement", LOGEMENTS),
}

PRESENCES = {"a_venir": "À venir", "venu": "Venu(e)", "excuse": "Excusé(e)", "absent": "Absent(e)"}
PRESENCES_NOTEES = ("venu", "excuse", "absent")
CANAUX_INVITATION = {"courrier": "Lettre", "courriel": "Courriel", "sms": "SMS"}
OBJETS_RENDEZ_VOUS = {
    "orientation": "Entretien d'orientation",
    "suivi": "Entretien de suivi",
    "contrat": "Élaboration du contrat d'engagement",
    "accompagnement_global": "Rendez-vous à trois (accompagnement global)",
}

TYPES_CONTRAT = {
    "cer": "Contrat d'engagements réciproques (CER)",
    "ppae": "Projet personnalisé d'accès à l'emploi (PPAE)",
}


class RegleInvalide(ValueError):
    """A département's rules file that cannot be used (message in French, naming the path)."""


# --- the département's rules -------------------------------------------------------------------


@dataclass(frozen=True)
class Frein:
    champ: str
    valeurs: frozenset[str]
    libelle: str


@dataclass(frozen=True)
class RegleSuggestion:
    nom: str
    orientation: str
    parce_que: str
    freins_au_moins: int | None = None
    freins_au_plus: int | None = None
    situations_emploi: frozenset[str] = frozenset()
    freins_requis: frozenset[str] = frozenset()

    def s_applique(self, situation_emploi: str, freins: list[Frein]) -> bool:
        n = len(freins)
        if self.freins_au_moins is not None and n < self.freins_au_moins:
            return False
        if self.freins_au_plus is not None and n > self.freins_au_plus:
            return False
        if self.situations_emploi and situation_emploi not in self.situations_emploi:
            return False
        if self.freins_requis and not self.freins_requis <= {f.champ for f in freins}:
            return False
        return True


@dataclass(frozen=True)
class RegleReferent:
    orientation: str
    typologies: frozenset[str]
    roles: frozenset[str]


@dataclass(frozen=True)
class Regles:
    departement: str
    source: str
    verifie_le: str
    freins: tuple[Frein, ...]
    suggestions: tuple[RegleSuggestion, ...]
    par_defaut: RegleSuggestion
    referents: dict[str, RegleReferent]
    delai_orientation_jours: int
    delai_premier_rdv_jours: int
    delai_revue_contrat_mois: int
    heures_hebdomadaires: int | None = None
    typologies_orientation: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    orientation: str
    regle: str
    freins: tuple[str, ...]
    explication: str

    @property
    def libelle(self) -> str:
        return ORIENTATIONS[self.orientation]


def _ensemble(valeur, chemin: str, permises: dict | None = None) -> frozenset[str]:
    if valeur is None:
        return frozenset()
    if isinstance(valeur, str):
        valeur = [valeur]
    if not isinstance(valeur, list):
        raise RegleInvalide(f"{chemin} : une liste est attendue.")
    valeurs = frozenset(str(v) for v in valeur)
    if permises is not None:
        inconnues = sorted(valeurs - set(permises))
        if inconnues:
            raise RegleInvalide(f"{chemin} : valeur inconnue {', '.join(inconnues)}.")
    return valeurs


def _entier(valeur, chemin: str, defaut: int | None = None) -> int | None:
    if valeur is None:
        return defaut
    if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur < 0:
        raise RegleInvalide(f"{chemin} : un nombre entier positif est attendu.")
    return valeur


def lire_regles(donnees: dict, departement: str, fichier: str = "") -> Regles:
    """Validate a rules file's content; every error names the file and the path."""
    p = f"{fichier}:" if fichier else ""
    if not isinstance(donnees, dict):
        raise RegleInvalide(f"{p} le fichier doit décrire un objet.")
    freins = []
    for i, f in enumerate(donnees.get("freins") or []):
        chemin = f"{p}freins.{i}"
        champ = f.get("champ")
        if champ not in QUESTIONS:
            raise RegleInvalide(f"{chemin}.champ : question inconnue « {champ} ».")
        freins.append(
            Frein(
                champ,
                _ensemble(f.get("valeurs"), f"{chemin}.valeurs", QUESTIONS[champ][1]),
                str(f.get("libelle") or QUESTIONS[champ][0]),
            )
        )
    suggestions = []
    par_defaut = None
    for i, r in enumerate(donnees.get("suggestions") or []):
        chemin = f"{p}suggestions.{i}"
        if r.get("orientation") not in ORIENTATIONS:
            raise RegleInvalide(f"{chemin}.orientation : orientation inconnue.")
        if not r.get("parce_que"):
            raise RegleInvalide(f"{chemin}.parce_que : l'explication est obligatoire.")
        si = r.get("si") or {}
        regle = RegleSuggestion(
            nom=str(r.get("nom") or f"règle {i + 1}"),
            orientation=r["orientation"],
            parce_que=str(r["parce_que"]).strip(),
            freins_au_moins=_entier(si.get("freins_au_moins"), f"{chemin}.si.freins_au_moins"),
            freins_au_plus=_entier(si.get("freins_au_plus"), f"{chemin}.si.freins_au_plus"),
            situations_emploi=_ensemble(
                si.get("situation_emploi"), f"{chemin}.si.situation_emploi", SITUATIONS_EMPLOI
            ),
            freins_requis=_ensemble(si.get("freins"), f"{chemin}.si.freins", QUESTIONS),
        )
        if r.get("par_defaut"):
            par_defaut = regle
        else:
            suggestions.append(regle)
    if par_defaut is None:
        raise RegleInvalide(f"{p}suggestions : une règle « par_defaut: true » est obligatoire.")
    referents = {}
    typologies_orientation = {}
    for orientation, r in (donnees.get("referents") or {}).items():
        chemin = f"{p}referents.{orientation}"
        if orientation not in ORIENTATIONS:
            raise RegleInvalide(f"{chemin} : orientation inconnue.")
        referents[orientation] = RegleReferent(
            orientation,
            _ensemble(r.get("typologies"), f"{chemin}.typologies"),
            _ensemble(r.get("roles"), f"{chemin}.roles"),
        )
        typologies_orientation[orientation] = referents[orientation].typologies
    manquantes = sorted(set(ORIENTATIONS) - set(referents))
    if manquantes:
        raise RegleInvalide(f"{p}referents : orientation sans règle : {', '.join(manquantes)}.")
    delais = donnees.get("delais") or {}
    return Regles(
        departement=departement,
        source=str(donnees.get("source") or ""),
        verifie_le=str(donnees.get("verifie_le") or ""),
        freins=tuple(freins),
        suggestions=tuple(suggestions),
        par_defaut=par_defaut,
        referents=referents,
        delai_orientation_jours=_entier(
            delais.get("orientation_jours"), f"{p}delais.orientation_jours", 30
        ),
        delai_premier_rdv_jours=_entier(
            delais.get("premier_rendez_vous_jours"), f"{p}delais.premier_rendez_vous_jours", 15
        ),
        delai_revue_contrat_mois=_entier(
            delais.get("revue_contrat_mois"), f"{p}delais.revue_contrat_mois", 6
        ),
        heures_hebdomadaires=_entier(
            donnees.get("heures_hebdomadaires"), f"{p}heures_hebdomadaires", None
        ),
        typologies_orientation=typologies_orientation,
    )


_CACHE: dict[tuple[str, str], Regles] = {}


def regles_departement(dossier: str | Path, departement: str) -> Regles:
    """The rules of a département (`<dossier>/<code>.yaml`, else `<dossier>/defaut.yaml`),
    cached by file path and modification time (a département edits them without restart)."""
    dossier = Path(dossier)
    chemin = dossier / f"{departement}.yaml"
    if not chemin.exists():
        chemin = dossier / "defaut.yaml"
    cle = (str(chemin), str(chemin.stat().st_mtime_ns))
    if cle not in _CACHE:
        with chemin.open(encoding="utf-8") as f:
            _CACHE[cle] = lire_regles(yaml.safe_load(f), departement, chemin.name)
    return _CACHE[cle]


# --- suggestion of an orientation ---------------------------------------------------------------


def freins_releves(regles: Regles, reponses: dict[str, str]) -> list[Frein]:
    return [f for f in regles.freins if reponses.get(f.champ) in f.valeurs]


def _libelle_reponse(champ: str, valeur: str) -> str:
    return QUESTIONS[champ][1].get(valeur, valeur).lower()


def suggerer_orientation(regles: Regles, reponses: dict[str, str]) -> Suggestion:
    """The orientation the département's rules suggest for these answers, with why.

    `reponses` maps the diagnostic's questions (QUESTIONS) to answers. The first matching rule
    wins; the default rule applies when none matches."""
    freins = freins_releves(regles, reponses)
    regle = next(
        (
            r
            for r in regles.suggestions
            if r.s_applique(reponses.get("situation_emploi", ""), freins)
        ),
        regles.par_defaut,
    )
    if freins:
        detail = "freins relevés : " + " ; ".join(
            f"{f.libelle.lower()} ({_libelle_reponse(f.champ, reponses[f.champ])})" for f in freins
        )
    else:
        detail = "aucun frein relevé"
    situation = reponses.get("situation_emploi")
    if situation:
        detail += (
            f" ; situation face à l'emploi : {_libelle_reponse('situation_emploi', situation)}"
        )
    explication = (
        f"Suggéré : {ORIENTATIONS[regle.orientation].lower()}, parce que {regle.parce_que} "
        f"({detail}). Règle « {regle.nom} » du Département ({regles.departement})."
    )
    return Suggestion(regle.orientation, regle.nom, tuple(f.champ for f in freins), explication)


# --- who may be référent ------------------------------------------------------------------------


def peut_etre_referent(
    regles: Regles, orientation: str, typologie_structure: str, role: str
) -> tuple[bool, str]:
    """May an agent with this role in a structure of this kind be the référent unique of a
    person with this orientation? Returns (yes/no, the reason in French)."""
    if orientation not in ORIENTATIONS:
        return False, "Orientation inconnue."
    r = regles.referents[orientation]
    libelle = ORIENTATIONS[orientation].lower()
    if r.typologies and typologie_structure not in r.typologies:
        return False, (
            f"Pour une orientation {libelle}, le référent appartient à une structure de type : "
            f"{', '.join(sorted(r.typologies))}."
        )
    if r.roles and role not in r.roles:
        return False, (
            f"Pour une orientation {libelle}, le référent a l'un de ces rôles : "
            f"{', '.join(sorted(r.roles))}."
        )
    return True, f"Peut être référent d'une personne en orientation {libelle}."


def structure_possible(regles: Regles, orientation: str, typologie_structure: str) -> bool:
    typologies = regles.typologies_orientation.get(orientation, frozenset())
    return not typologies or typologie_structure in typologies


# --- months and delays --------------------------------------------------------------------------


def debut_mois(d: date) -> date:
    return d.replace(day=1)


def mois_suivant(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def fin_mois(d: date) -> date:
    return mois_suivant(d) - timedelta(days=1)


def ajouter_mois(d: date, n: int) -> date:
    mois = d.month - 1 + n
    annee = d.year + mois // 12
    mois = mois % 12 + 1
    jours = [31, 29 if annee % 4 == 0 and (annee % 100 or annee % 400 == 0) else 28, 31, 30, 31]
    jours += [30, 31, 31, 30, 31, 30, 31]
    return date(annee, mois, min(d.day, jours[mois - 1]))


def lire_mois(texte: str) -> date:
    """'2026-10' or '10/2026' -> date(2026, 10, 1); ValueError with a French message."""
    t = (texte or "").strip()
    try:
        if "/" in t:
            m, a = t.split("/")
        else:
            a, m = t.split("-")[:2]
        return date(int(a), int(m), 1)
    except (ValueError, TypeError):
        raise ValueError(f"Mois non reconnu « {texte} » (attendu AAAA-MM).") from None


def centile(valeurs: list[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation, None for an empty list."""
    return centile_histogramme(Counter(valeurs), q)


def centile_histogramme(comptes: dict[float, int], q: float) -> float | None:
    """The q-th percentile (0–100), by linear interpolation between closest ranks, of values
    given as {value: how many times} (what a grouped count in the database returns: the
    dashboard never loads one row per person). None when there is no value."""
    paliers = sorted((v, n) for v, n in comptes.items() if v is not None and n > 0)
    total = sum(n for _, n in paliers)
    if not total:
        return None
    pos = (total - 1) * q / 100
    bas, haut = math.floor(pos), math.ceil(pos)

    def au_rang(k: int) -> float:
        vu = 0
        for v, n in paliers:
            vu += n
            if k < vu:
                return v
        return paliers[-1][0]

    v_bas, v_haut = au_rang(bas), au_rang(haut)
    return float(v_bas + (v_haut - v_bas) * (pos - bas))


def part(numerateur: int, denominateur: int) -> float | None:
    return round(100 * numerateur / denominateur, 1) if denominateur else None


def contrat_a_jour(
    signe_le: date | None, fin_le: date | None, prochaine_revue: date | None, aujourdhui: date
) -> bool:
    """A contract is up to date when it is signed, not ended, and no review is overdue."""
    if signe_le is None:
        return False
    if fin_le is not None and fin_le < aujourdhui:
        return False
    return prochaine_revue is None or prochaine_revue >= aujourdhui


def en_attente_depuis(
    date_entree: date, oriente_le: date | None, aujourdhui: date, delai_jours: int
) -> int | None:
    """Days a beneficiary has been waiting for an orientation beyond the delay, else None."""
    if oriente_le is not None:
        return None
    jours = (aujourdhui - date_entree).days
    return jours if jours > delai_jours else None
