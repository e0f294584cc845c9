"""Finding a file (#16): by phone number and by the reference of an online request."""

import pytest

from accueil.tests.factories import DemandeFactory, PersonneFactory
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent


@pytest.fixture
def mds(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return StructureFactory(nom="MDS", typologie="mds")


def test_par_telephone_et_par_reference(client, mds):
    p = PersonneFactory(structure=mds, nom="Martin", telephone="06 12 34 56 78")
    PersonneFactory(structure=mds, nom="Durand", telephone="07.00.00.00.01")
    d = DemandeFactory(structure=mds, reference="D-ABCD-EF23", personne=p)
    sans = DemandeFactory(structure=mds, reference="D-ZZZZ-ZZ22")
    client.force_login(agent(mds, Role.ACCUEIL))
    for q in ("0612345678", "06 12 34 56 78", "+33 6 12 34 56 78", "12 34 56"):
        page = client.get("/accueil/personnes/", {"q": q}).content.decode()
        assert "Martin" in page and "Durand" not in page, q
    page = client.get("/accueil/personnes/", {"q": "d-abcd-ef23"}).content.decode()
    assert "Martin" in page and "Durand" not in page and f"/accueil/demandes/{d.pk}/" in page
    page = client.get("/accueil/personnes/", {"q": "D-ZZZZ-ZZ22"}).content.decode()
    assert f"/accueil/demandes/{sans.pk}/" in page and "pas encore de dossier" in page
    assert "Martin" in client.get("/accueil/personnes/", {"q": "mart"}).content.decode()


def test_pas_les_demandes_d_une_autre_structure(client, mds):
    autre = StructureFactory(nom="Autre MDS", typologie="mds")
    d = DemandeFactory(structure=autre, reference="D-AAAA-BB23")
    client.force_login(agent(mds, Role.ACCUEIL))
    page = client.get("/accueil/personnes/", {"q": d.reference}).content.decode()
    assert f"/accueil/demandes/{d.pk}/" not in page


def test_file_du_partenaire_montre_le_nom_si_partage(client, mds):
    from accueil.tests.factories import OrientationFactory

    ccas = StructureFactory(nom="CCAS", typologie="ccas")
    p = PersonneFactory(structure=mds, nom="Martin", prenom="Camille")
    OrientationFactory(personne=p, structure_destination=ccas, elements_partages=["identite"])
    q = PersonneFactory(structure=mds, nom="Secret", prenom="Dominique")
    OrientationFactory(personne=q, structure_destination=ccas, elements_partages=["besoins"])
    client.force_login(agent(ccas, Role.PARTENAIRE))
    page = client.get("/accueil/").content.decode()
    assert "Camille Martin" in page
    assert "Secret" not in page and "Personne (identité non partagée)" in page
