"""French text normalisation for the search, in plain Python (no Django).

- `normaliser`: lowercase, accents removed, apostrophes and punctuation become spaces;
- `mots`: the words of a text, French stop words removed, plurals folded (loyers -> loyer);
- `racine`: the snowball French stem of a word (PyStemmer);
- `radicaux`: the stems of a text, as indexed in SQLite FTS5.

The same functions prepare the indexed text and the query, so both sides always agree.
Snowball alone gives loyer -> "loi" but loyers -> "loyer": folding the plural first makes a word
and its plural share one stem.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("french")
_NON_MOT = re.compile(r"[^a-z0-9]+")
_SEPARATEURS = re.compile(r"[\W_]+")  # anything but letters and digits, in any script

# Short French function words and fillers of spoken queries ("je n'arrive plus à…").
MOTS_VIDES = frozenset(
    """
    a au aux avec ce ces c ca cela celle celui cet cette d dans de des du elle elles en est et
    etre eu il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre
    nous on ou par pas pour qu que qui s sa se ses si son sur t ta te tes toi ton tu un une vos
    votre vous y avoir ai as avons avez ont suis es sommes etes sont fait faire peut peux veux
    veut plus tres bien comment quoi quel quelle quels quelles est-ce ya comme donc alors aussi
    tout tous toute toutes rien chez
    """.split()
)


def normaliser(texte: str) -> str:
    """'Je n’arrive plus à payer' -> 'je n arrive plus a payer'."""
    texte = _SEPARATEURS.sub(" ", texte.lower().replace("œ", "oe").replace("æ", "ae"))
    # Accents: decomposed, then the combining marks dropped (in C: fast on large texts).
    texte = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode("ascii")
    return _NON_MOT.sub(" ", texte).strip()


def singulier(mot: str) -> str:
    """Fold plural and feminine: loyers -> loyer, handicapees -> handicape, vieux -> vieu."""
    if len(mot) > 3 and mot[-1] == "s" and mot[-2] != "s":
        mot = mot[:-1]
    if len(mot) > 3 and mot[-1] == "x" and mot[-3:] in ("aux", "eux", "oux"):
        return mot[:-1]
    if len(mot) > 4 and mot.endswith("ee"):  # feminine: handicapee -> handicape
        return mot[:-1]
    return mot


def mots(texte: str, garder_vides: bool = False) -> list[str]:
    """The normalised, singular words of a text (stop words removed unless asked)."""
    out = []
    for mot in normaliser(texte).split():
        if not garder_vides and (mot in MOTS_VIDES or len(mot) < 2 and not mot.isdigit()):
            continue
        out.append(singulier(mot))
    return out


@lru_cache(maxsize=50_000)
def racine(mot: str) -> str:
    """The stem of a normalised word."""
    return _STEMMER.stemWord(singulier(mot))


def radicaux(texte: str) -> list[str]:
    return [racine(m) for m in mots(texte)]


def texte_indexe(texte: str) -> str:
    """Text as given to PostgreSQL: normalised singular words (PostgreSQL stems them)."""
    return " ".join(mots(texte))


def texte_radicaux(texte: str) -> str:
    """Text as given to SQLite FTS5: the stems."""
    return " ".join(radicaux(texte))
