import pytest

from accueil.tests.factories import ContactFactory, OrientationFactory, PersonneFactory
from comptes.roles import Role
from comptes.tests.factories import SecteurFactory, StructureFactory, agent, melun


@pytest.fixture
def monde(db):
    """Two MDS (A serves Melun), a CCAS of Melun; an account of every role in A and B; a
    partner at the CCAS; a file held by A with a contact, oriented to the CCAS (sent)."""
    mds_a = StructureFactory(nom="MDS de Melun (test)", typologie="mds")
    SecteurFactory(structure=mds_a, commune=melun())
    mds_b = StructureFactory(nom="MDS de Fontainebleau (test)", typologie="mds")
    ccas = StructureFactory(nom="CCAS de Melun (test)", typologie="ccas")
    comptes = {}
    for nom, structure in (("A", mds_a), ("B", mds_b)):
        for role in Role:
            comptes[f"{nom}.{role.value}"] = agent(structure, role, f"{nom.lower()}-{role.value}")
    comptes["ccas.partenaire"] = agent(ccas, Role.PARTENAIRE, "ccas-partenaire")
    personne = PersonneFactory(structure=mds_a, partage_autorise=["identite", "coordonnees"])
    contact = ContactFactory(personne=personne)
    orientation = OrientationFactory(
        personne=personne, structure_destination=ccas, elements_partages=["identite"]
    )
    return {
        "mds_a": mds_a,
        "mds_b": mds_b,
        "ccas": ccas,
        "comptes": comptes,
        "personne": personne,
        "contact": contact,
        "orientation": orientation,
    }
