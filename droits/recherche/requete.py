"""From what a resident types to the words searched, in plain Python (no Django).

1. the query is normalised (case, accents, plurals, stop words: see `normalisation`);
2. a word of 5 letters or more that the index does not know is corrected to a known word at one
   typo (RapidFuzz, optimal string alignment distance 1: one letter added, missing, wrong, or
   two letters swapped): "logment" -> "logement";
3. synonyms kept as data (content/recherche/synonymes.yaml) add the administrative words to the
   everyday ones: "mutuelle" -> "complémentaire santé solidaire".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from droits.recherche.normalisation import mots, normaliser, racine

LONGUEUR_MIN_CORRECTION = 5


@dataclass(frozen=True)
class Synonyme:
    expressions: tuple[str, ...]
    equivalents: tuple[str, ...]


class ErreurSynonymes(ValueError):
    pass


def lire_synonymes(donnees: object, nom: str = "synonymes.yaml") -> list[Synonyme]:
    """Validate the synonym list; errors name the file and the entry, in French."""
    if donnees is None:
        return []
    if not isinstance(donnees, list):
        raise ErreurSynonymes(
            f"{nom} : une liste d'entrées {{expressions, equivalents}} est attendue"
        )
    out = []
    for i, entree in enumerate(donnees):
        if not isinstance(entree, dict) or set(entree) - {"expressions", "equivalents"}:
            raise ErreurSynonymes(
                f"{nom} : entrée {i + 1} : seuls les champs « expressions » et « equivalents » "
                "sont attendus"
            )
        for champ in ("expressions", "equivalents"):
            valeurs = entree.get(champ)
            if (
                not isinstance(valeurs, list)
                or not valeurs
                or not all(isinstance(v, str) and v.strip() for v in valeurs)
            ):
                raise ErreurSynonymes(
                    f"{nom} : entrée {i + 1} : champ « {champ} » : une liste de textes non vides "
                    "est attendue"
                )
        out.append(Synonyme(tuple(entree["expressions"]), tuple(entree["equivalents"])))
    return out


def charger_synonymes(path: Path) -> list[Synonyme]:
    path = Path(path)
    if not path.exists():
        return []
    try:
        donnees = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ErreurSynonymes(f"{path.name} : le fichier n'est pas un YAML valide") from exc
    return lire_synonymes(donnees, path.name)


@dataclass
class _Regle:
    racines: tuple[str, ...]  # stems of the expression's content words
    texte: str  # the normalised expression, for expressions made only of stop words
    mots: tuple[str, ...]  # words added to the query


class Vocabulaire:
    """The words of the index (normalised, singular), for the typo tolerance."""

    def __init__(self, mots_connus: Iterable[str]):
        self.mots = set(mots_connus)
        self.racines = {racine(m) for m in self.mots}
        self._par_longueur: dict[int, list[str]] = defaultdict(list)
        for mot in sorted(self.mots):
            if len(mot) >= LONGUEUR_MIN_CORRECTION - 1:
                self._par_longueur[len(mot)].append(mot)

    def connu(self, mot: str) -> bool:
        return mot in self.mots or racine(mot) in self.racines

    def corriger(self, mot: str) -> str | None:
        """A known word at one typo from `mot`, or None."""
        if len(mot) < LONGUEUR_MIN_CORRECTION or mot.isdigit() or self.connu(mot):
            return None
        candidats = []
        for longueur in (len(mot), len(mot) - 1, len(mot) + 1):
            candidats.extend(self._par_longueur.get(longueur, ()))
        trouve = process.extractOne(mot, candidats, scorer=OSA.distance, score_cutoff=1)
        return trouve[0] if trouve else None


@dataclass
class Requete:
    texte: str
    mots: list[str] = field(default_factory=list)  # searched words, original ones first
    corrections: dict[str, str] = field(default_factory=dict)
    synonymes: list[str] = field(default_factory=list)  # equivalents added

    @property
    def vide(self) -> bool:
        return not self.mots


class Analyseur:
    """Prepares queries against a vocabulary and a synonym list."""

    def __init__(self, synonymes: Iterable[Synonyme], vocabulaire: Vocabulaire):
        self.regles: list[_Regle] = []
        extra = set()
        for syn in synonymes:
            ajout = tuple(dict.fromkeys(m for eq in syn.equivalents for m in mots(eq)))
            for expression in syn.expressions:
                contenu = mots(expression)
                extra.update(contenu)
                self.regles.append(
                    _Regle(tuple(racine(m) for m in contenu), normaliser(expression), ajout)
                )
        # Rules by the first stem of their expression: a query only checks the rules it can match.
        self._par_racine: dict[str, list[_Regle]] = defaultdict(list)
        for regle in self.regles:
            self._par_racine[regle.racines[0] if regle.racines else ""].append(regle)
        self.vocabulaire = vocabulaire
        if extra - vocabulaire.mots:
            # Words of the synonym expressions are known words too ("chomage" typed "chomagr").
            self.vocabulaire = Vocabulaire(vocabulaire.mots | extra)

    def analyser(self, texte: str) -> Requete:
        requete = Requete(texte=texte)
        originaux = mots(texte)
        corriges = []
        for mot in originaux:
            correction = self.vocabulaire.corriger(mot)
            if correction:
                requete.corrections[mot] = correction
            corriges.append(correction or mot)
        sequences = [tuple(racine(m) for m in originaux)]
        if requete.corrections:
            sequences.append(tuple(racine(m) for m in corriges))
        normalise = f" {normaliser(texte)} "
        ajoutes: list[str] = []
        candidates = [r for seq in sequences for r in set(seq)]
        regles = [x for r in dict.fromkeys(["", *candidates]) for x in self._par_racine.get(r, ())]
        for regle in regles:
            if regle.racines:
                trouve = any(_contient(seq, regle.racines) for seq in sequences)
            else:
                trouve = bool(regle.texte) and f" {regle.texte} " in normalise
            if trouve:
                ajoutes.extend(regle.mots)
        requete.synonymes = list(dict.fromkeys(m for m in ajoutes if m not in originaux))
        requete.mots = list(dict.fromkeys([*originaux, *corriges, *ajoutes]))
        return requete


def _contient(sequence: tuple[str, ...], motif: tuple[str, ...]) -> bool:
    n = len(motif)
    return any(sequence[i : i + n] == motif for i in range(len(sequence) - n + 1))
