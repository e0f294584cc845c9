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
        page = client.post("/accueil/personnes/", {"q": q}, follow=True).content.decode()
        assert "Martin" in page and "Durand" not in page, q
    page = client.post("/accueil/personnes/", {"q": "d-abcd-ef23"}, follow=True).content.decode()
    assert "Martin" in page and "Durand" not in page and f"/accueil/demandes/{d.pk}/" in page
    page = client.post("/accueil/personnes/", {"q": "D-ZZZZ-ZZ22"}, follow=True).content.decode()
    assert f"/accueil/demandes/{sans.pk}/" in page and "pas encore de dossier" in page
    assert (
        "Martin" in client.post("/accueil/personnes/", {"q": "mart"}, follow=True).content.decode()
    )


def test_pas_les_demandes_d_une_autre_structure(client, mds):
    autre = StructureFactory(nom="Autre MDS", typologie="mds")
    d = DemandeFactory(structure=autre, reference="D-AAAA-BB23")
    client.force_login(agent(mds, Role.ACCUEIL))
    page = client.post("/accueil/personnes/", {"q": d.reference}, follow=True).content.decode()
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


def test_liste_paginee_et_dossiers_recus(client, mds, django_assert_max_num_queries):
    """50 files a page with their number, only what the list shows is read (a structure may
    hold 10 000 files); files received through an orientation that still shares are listed,
    not the others."""
    from accueil.models import Personne
    from accueil.tests.factories import OrientationFactory

    Personne.objects.bulk_create(
        [
            Personne(
                structure=mds,
                nom=f"Nom{i:03d}",
                nom_normalise=f"NOM{i:03d}",
                prenom="Camille",
                prenom_normalise="CAMILLE",
            )
            for i in range(58)
        ]
    )
    autre = StructureFactory(nom="CCAS", typologie="ccas")
    recue = PersonneFactory(structure=autre, nom="Recue")
    OrientationFactory(personne=recue, structure_destination=mds, statut="envoyee")
    brouillon = PersonneFactory(structure=autre, nom="Brouillon")
    OrientationFactory(personne=brouillon, structure_destination=mds, statut="proposee")
    client.force_login(agent(mds, Role.ACCUEIL))
    with django_assert_max_num_queries(10):
        page = client.get("/accueil/personnes/").content.decode()
    assert "59 dossiers — page 1 sur 2" in page
    assert page.count("/accueil/personnes/") >= 50 and "Nom049" in page and "Nom050" not in page
    assert "page=2" in page and "Page suivante" in page
    page = client.get("/accueil/personnes/", {"page": "2"}).content.decode()
    assert "Nom050" in page and "Recue" in page and "Brouillon" not in page
    # A page number that is not one: the first page, never an error.
    assert client.get("/accueil/personnes/", {"page": "abc"}).status_code == 200
    page = client.post("/accueil/personnes/", {"q": "nom05"}, follow=True).content.decode()
    assert "8 dossiers trouvés" in page and "Nom050" in page
    # The search is kept (in the session, never in the URL) from a page to the next.
    page = client.get("/accueil/personnes/", {"page": "2"}).content.decode()
    assert "8 dossiers trouvés" in page


def test_le_nom_cherche_ne_passe_jamais_dans_l_url(client, mds):
    """Issue 18: a name searched ended in the access logs. The form posts it; the page keeps it
    in the session and redirects to itself (POST-redirect-GET): no URL holds it, reloading
    shows the same result; an old link with `?q=` is cleaned at once; « Effacer » forgets it."""
    PersonneFactory(structure=mds, nom="Martin")
    PersonneFactory(structure=mds, nom="Durand")
    client.force_login(agent(mds, Role.ACCUEIL))
    page = client.get("/accueil/personnes/").content.decode()
    assert 'method="post"' in page and 'name="csrfmiddlewaretoken"' in page
    r = client.post("/accueil/personnes/", {"q": "Martin"})
    assert r.status_code == 302 and r.url == "/accueil/personnes/"
    page = client.get("/accueil/personnes/").content.decode()
    assert "Martin" in page and "Durand" not in page and "Effacer la recherche" in page
    r = client.get("/accueil/personnes/", {"q": "Durand", "page": "2"})
    assert r.status_code == 302 and r.url == "/accueil/personnes/?page=2"
    assert "Durand" in client.get("/accueil/personnes/").content.decode()
    client.post("/accueil/personnes/", {"effacer": "1"})
    page = client.get("/accueil/personnes/").content.decode()
    assert "Martin" in page and "Durand" in page and "Effacer la recherche" not in page
