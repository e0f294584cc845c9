import pytest

from comptes.tests.factories import SecteurFactory, StructureFactory, melun
from rsa.tests.factories import BeneficiaireFactory, compte
from territoires.tests.factories import CommuneFactory


@pytest.fixture
def monde_rsa(db):
    """The 77 insertion service, the MDS of Melun (serves Melun) and of Fontainebleau, France
    Travail Melun; an account of each RSA role; a beneficiary oriented to the MDS of Melun."""
    commune = melun()
    insertion = StructureFactory(
        nom="Direction de l'insertion (test)", typologie="departement", commune=commune
    )
    mds = StructureFactory(nom="MDS de Melun (test)", typologie="mds", commune=commune)
    SecteurFactory(structure=mds, commune=commune)
    autre_mds = StructureFactory(
        nom="MDS de Fontainebleau (test)",
        typologie="mds",
        commune=CommuneFactory(code_insee="77186", nom="Fontainebleau"),
    )
    ft = StructureFactory(
        nom="France Travail Melun (test)", typologie="france-travail", commune=commune
    )
    comptes = {
        "insertion": compte(insertion, "insertion", "insertion-77"),
        "ts": compte(mds, "travailleur_social", "ts-melun"),
        "ts2": compte(mds, "travailleur_social", "ts2-melun"),
        "accueil": compte(mds, "accueil", "accueil-melun"),
        "encadrant": compte(mds, "encadrant", "encadrant-melun"),
        "autre_ts": compte(autre_mds, "travailleur_social", "ts-fontainebleau"),
        "conseiller": compte(ft, "conseiller_emploi", "conseiller-ft"),
        "conseiller2": compte(ft, "conseiller_emploi", "conseiller2-ft"),
    }
    b = BeneficiaireFactory(personne__structure=insertion, territoire=mds)
    return {
        "insertion": insertion,
        "mds": mds,
        "autre_mds": autre_mds,
        "ft": ft,
        "comptes": comptes,
        "beneficiaire": b,
    }
