"""Kinds of structures (plain Python): codes, French labels, and which serve a sector.

The codes are the ones used by the knowledge base of rights (`Droit.ou_s_adresser`), so that a
right's "where to claim it" maps to kinds of structures without translation.
"""

from __future__ import annotations

TYPOLOGIES: dict[str, str] = {
    "mds": "Maison départementale des solidarités (MDS)",
    "eds": "Espace départemental des solidarités (EDS)",
    "pole-autonomie": "Pôle autonomie territorial",
    "mdph": "Maison départementale des personnes handicapées (MDPH)",
    "maison-des-adolescents": "Maison des adolescents",
    "pmi": "Protection maternelle et infantile (PMI)",
    "departement": "Services du Département",
    "ccas": "Centre communal d'action sociale (CCAS)",
    "mairie": "Mairie",
    "centre-social": "Centre social",
    "caf": "Caisse d'allocations familiales (CAF)",
    "msa": "Mutualité sociale agricole (MSA)",
    "cpam": "Caisse primaire d'assurance maladie (CPAM)",
    "carsat": "Carsat (retraite)",
    "france-travail": "France Travail",
    "mission-locale": "Mission locale",
    "france-services": "Espace France Services",
    "association": "Association",
    "autre": "Autre structure",
}

# Local offices: each commune is served by exactly one office of each of these kinds.
TYPOLOGIES_SECTORISEES: tuple[str, ...] = ("mds", "eds", "pole-autonomie")
# The département's local social office (MDS in 77 and 71, EDS in 94).
BUREAUX_LOCAUX: tuple[str, ...] = ("mds", "eds")

# A right's `ou_s_adresser` code may name a kind of structure that is not its own typology:
# "departement" is claimed at the local office, PMI consultations are held there too,
# a "mairie" request is usually handled by the CCAS.
CODES_VERS_TYPOLOGIES: dict[str, tuple[str, ...]] = {
    "departement": ("mds", "eds", "departement"),
    "pmi": ("pmi", "mds", "eds"),
    "mairie": ("mairie", "ccas"),
    "ccas": ("ccas", "mairie"),
    "pole-emploi": ("france-travail",),
    "maison-france-services": ("france-services",),
}


def typologies_pour_codes(codes: list[str] | tuple[str, ...]) -> set[str]:
    """Codes of a right's `ou_s_adresser` -> typologies of structures."""
    out: set[str] = set()
    for code in codes:
        out.update(CODES_VERS_TYPOLOGIES.get(code, (code,)))
    return {t for t in out if t in TYPOLOGIES}
