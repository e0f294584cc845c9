"""Which rights the bilan knows: national slugs, departmental aids, titles from the knowledge base."""

from __future__ import annotations

from functools import cache, lru_cache

from droits import schema

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
    "apa": "Allocation personnalisée d'autonomie (APA) à domicile",
    "cheque-energie": "Chèque énergie",
    "bourses-college-lycee": "Bourses de collège et de lycée",
    "aeeh": "Allocation d'éducation de l'enfant handicapé (AEEH)",
    "paje-allocation-base": "Allocation de base de la PAJE",
    "ass": "Allocation de solidarité spécifique (ASS)",
    "bourse-enseignement-superieur": "Bourse d'enseignement supérieur sur critères sociaux",
    "prime-naissance": "Prime à la naissance",
    "prime-adoption": "Prime à l'adoption",
}
SLUGS_NATIONAUX = tuple(TITRES_NATIONAUX)


def titre_base_de_connaissance(slug: str) -> str | None:
    """The title of a right in content/droits/, if its page exists."""
    fiche = schema.fiches().get(slug)
    return fiche.titre if fiche else None


@cache
def page_du_droit(slug: str, departement: str) -> str:
    """The knowledge-base page of a right for a household of this département: its local
    variant when one exists (apa-77 for the APA in Seine-et-Marne), else the national page."""
    if departement and titre_base_de_connaissance(f"{slug}-{departement}"):
        return f"{slug}-{departement}"
    return slug


def titre(slug: str) -> str:
    """A right's title: its knowledge-base page (every rule has one), else the national list,
    else the slug."""
    return titre_base_de_connaissance(slug) or TITRES_NATIONAUX.get(slug) or slug


@lru_cache(maxsize=1)
def slugs_connus() -> frozenset[str]:
    """National rights and the rules of content/droits/ (departmental aids)."""
    from bilan.moteur.aides_departementales import catalogue_aides

    slugs = set(SLUGS_NATIONAUX)
    for aide in catalogue_aides():
        slugs.add(aide.slug)
    return frozenset(slugs)
