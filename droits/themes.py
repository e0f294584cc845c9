"""The themes of the knowledge base: the data·inclusion categories (plain Python, no Django).

A right carries data·inclusion thematiques ("logement-hebergement--reduire-les-impayes-de-loyer");
its themes are their categories ("logement-hebergement").
"""

from data_inclusion.schema.v1 import Categorie

THEMES: dict[str, str] = {c.value: c.label.replace("’", "'") for c in Categorie}


# The home page's order: what residents ask most at a social reception desk first (money,
# housing, health, family, food), job-search categories last.
ORDRE_HABITANTS = [
    "difficultes-financieres",
    "logement-hebergement",
    "sante",
    "famille",
    "equipement-et-alimentation",
    "difficultes-administratives-ou-juridiques",
    "trouver-un-emploi",
    "mobilite",
    "numerique",
    "se-former",
    "preparer-sa-candidature",
    "remobilisation",
    "choisir-un-metier",
    "lecture-ecriture-calcul",
    "creer-une-entreprise",
    "souvrir-a-linternational",
]


def ordre_habitants(code: str) -> int:
    return ORDRE_HABITANTS.index(code) if code in ORDRE_HABITANTS else len(ORDRE_HABITANTS)


def theme_de(thematique: str) -> str:
    return thematique.split("--", 1)[0]


def themes_de(thematiques) -> list[str]:
    """Categories of these thematique codes, in order, without repeats."""
    return list(dict.fromkeys(t for t in map(theme_de, thematiques) if t in THEMES))


def valider_thematique(code: str) -> bool:
    """A category or a thematique code of data·inclusion."""
    from droits.schema import THEMATIQUES

    return code in THEMES or code in THEMATIQUES
