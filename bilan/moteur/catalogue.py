"""Which rights the bilan knows: national slugs, departmental aids, titles from the knowledge base."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import yaml

CONTENU = Path(__file__).resolve().parents[2] / "content"

# Slugs of the knowledge base (content/droits/<slug>.yaml), in the order results are shown.
TITRES_NATIONAUX: dict[str, str] = {
    "rsa": "Revenu de solidarité active (RSA)",
    "prime-activite": "Prime d'activité",
    "aide-logement": "Aide au logement (APL, ALF, ALS)",
    "allocations-familiales": "Allocations familiales",
    "complement-familial": "Complément familial",
    "asf": "Allocation de soutien familial (ASF)",
    "ars": "Allocation de rentrée scolaire (ARS)",
    "css": "Complémentaire santé solidaire (CSS)",
    "aah": "Allocation aux adultes handicapés (AAH)",
    "aspa": "Allocation de solidarité aux personnes âgées (ASPA)",
}
SLUGS_NATIONAUX = tuple(TITRES_NATIONAUX)


@cache
def titre_base_de_connaissance(slug: str) -> str | None:
    """The title of a right in content/droits/, if its page exists."""
    chemin = CONTENU / "droits" / f"{slug}.yaml"
    if not chemin.exists():
        return None
    try:
        with open(chemin, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except yaml.YAMLError:
        return None
    return data.get("titre")


def titre(slug: str) -> str:
    """A right's title: its knowledge-base page, else the national list, else the departmental
    aid's own label (an aid without a page of its own, such as faj-71), else the slug."""
    return (
        titre_base_de_connaissance(slug)
        or TITRES_NATIONAUX.get(slug)
        or _titres_aides().get(slug)
        or slug
    )


@lru_cache(maxsize=1)
def _titres_aides() -> dict[str, str]:
    from bilan.moteur.aides_departementales import catalogue_aides

    return {aide.slug: aide.label for aide in catalogue_aides()}


@lru_cache(maxsize=1)
def slugs_connus() -> frozenset[str]:
    """National rights, departmental aids (and the knowledge-base slugs they link to)."""
    from bilan.moteur.aides_departementales import catalogue_aides

    slugs = set(SLUGS_NATIONAUX)
    for aide in catalogue_aides():
        slugs.add(aide.slug)
    return frozenset(slugs)
