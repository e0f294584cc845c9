"""The agents' lists stay fast for a structure holding 10 000 files (issue 18): a bounded
number of queries whatever the number of files, the list of files read in order from its index
(never all the files sorted for one page), one audit row per list shown. Times are measured by
`benchmarks/listes_agents.py` and `benchmarks/charge.py`, not here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accueil import selectors
from accueil.models import Personne
from accueil.tests.factories import OrientationFactory, PersonneFactory
from comptes.models import EvenementAudit
from comptes.permissions import acteur_de
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent


@pytest.fixture
def mds(db):
    return StructureFactory(nom="MDS", typologie="mds")


def _dossiers(structure, n, debut=0):
    Personne.objects.bulk_create(
        Personne(
            structure=structure,
            nom=f"Nom{i:04d}",
            nom_normalise=f"NOM{i:04d}",
            prenom="Camille",
            prenom_normalise="CAMILLE",
        )
        for i in range(debut, debut + n)
    )


def _requetes(client, chemin):
    with CaptureQueriesContext(connection) as q:
        assert client.get(chemin).status_code == 200
    return len(q)


@pytest.mark.parametrize("chemin", ["/accueil/personnes/", "/api/v1/accueil/personnes"])
def test_requetes_bornees_quel_que_soit_le_nombre_de_dossiers(client, mds, chemin):
    """No query per file (the API reads the orientations of the 100 files in one query)."""
    autre = StructureFactory(nom="CCAS", typologie="ccas")
    OrientationFactory(personne=PersonneFactory(structure=autre), structure_destination=mds)
    _dossiers(mds, 3)
    client.force_login(agent(mds, Role.ACCUEIL))
    client.get(chemin)  # the session's first write
    peu = _requetes(client, chemin)
    _dossiers(mds, 120, debut=3)
    beaucoup = _requetes(client, chemin)
    assert peu == beaucoup <= 9


def _plan(queryset) -> str:
    """The database's plan for `queryset`. PostgreSQL: the tables analysed first (without
    statistics the planner guesses one row per structure and may sort rather than read the
    index: a flaky plan), and sequential scans off, so a usable index shows on a small table."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("ANALYZE accueil_personne, accueil_orientation, accueil_contact")
            c.execute("SET LOCAL enable_seqscan = off")
            c.execute("EXPLAIN " + sql, params)
        else:
            c.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(ligne) for ligne in c.fetchall())


def test_liste_lue_dans_l_ordre_de_son_index(mds):
    """The held files come from the index (holder, name, first name), in its order: the page
    costs no sort of every file; the received ones (few) are the other half of a UNION ALL."""
    _dossiers(mds, 2000)
    a = acteur_de(agent(mds, Role.ACCUEIL))
    plan = _plan(selectors.liste_personnes(a)[:50])
    assert "personne_liste_structure" in plan, plan


def test_liste_dans_l_ordre_et_comptee_par_moities(client, mds):
    """Held and received files, in name order across both halves; an anonymised file, a file
    held elsewhere and not shared, a draft orientation: not listed, not counted."""
    autre = StructureFactory(nom="CCAS", typologie="ccas")
    _dossiers(mds, 4)
    recue = PersonneFactory(structure=autre, nom="Nom0001b", prenom="Alex")
    OrientationFactory(personne=recue, structure_destination=mds, statut="acceptee")
    brouillon = PersonneFactory(structure=autre, nom="Brouillon")
    OrientationFactory(personne=brouillon, structure_destination=mds, statut="proposee")
    PersonneFactory(structure=autre, nom="Ailleurs")
    anonymise = Personne.objects.filter(structure=mds).first()
    Personne.objects.filter(pk=anonymise.pk).update(anonymise_le="2026-01-01T00:00:00Z")
    a = acteur_de(agent(mds, Role.ACCUEIL))
    noms = [d["nom"] for d in selectors.liste_personnes(a)]
    assert noms == ["Nom0001", "Nom0001b", "Nom0002", "Nom0003"]
    assert selectors.nombre_personnes(a) == 4
    assert selectors.nombre_personnes(a, "nom0001") == 2
    ligne = selectors.ligne_personne(next(iter(selectors.liste_personnes(a, "alex"))))
    assert ligne["reference"] == f"P-{recue.pk:06d}" and ligne["detenteur"] == "CCAS"
    # Someone without a membership of a structure: nothing.
    assert selectors.nombre_personnes(acteur_de(None)) == 0


def test_pages_de_la_liste_sans_trou_ni_doublon(mds):
    """Each half limited to the end of the page asked (PostgreSQL): the pages, put end to end,
    are the whole list in order, held and received files interleaved."""
    autre = StructureFactory(nom="CCAS", typologie="ccas")
    _dossiers(mds, 7)
    for i in range(5):
        recue = PersonneFactory(structure=autre, nom=f"Nom{i:04d}b", prenom="Alex")
        OrientationFactory(personne=recue, structure_destination=mds, statut="acceptee")
    a = acteur_de(agent(mds, Role.ACCUEIL))
    tout = [d["nom"] for d in selectors.liste_personnes(a)]
    assert len(tout) == 12 and tout == sorted(tout)
    pages = [
        [d["nom"] for d in selectors.liste_personnes(a)[debut : debut + 5]]
        for debut in range(0, 12, 5)
    ]
    assert [n for p in pages for n in p] == tout
    assert list(selectors.liste_personnes(a, "personne")[0:0]) == []


def test_une_ligne_d_audit_par_liste(client, mds):
    """Who listed what, when: one row per list shown (not one per file listed)."""
    _dossiers(mds, 60)
    client.force_login(agent(mds, Role.ACCUEIL, "agent-liste"))
    avant = EvenementAudit.objects.count()
    client.get("/accueil/personnes/")
    client.get("/accueil/personnes/", {"page": "2"})
    lignes = EvenementAudit.objects.order_by("pk")[avant:]
    assert [(e.action, e.objet, e.identifiant, e.personne_id) for e in lignes] == [
        ("liste", "personne", "agent-liste", None)
    ] * 2


# --- the structure's queue (/accueil/) ---------------------------------------------------------


def _file(mds, n):
    """n online requests, n orientations received to answer, n follow-ups in the week, n
    orientations sent."""
    import datetime

    from django.utils import timezone

    from accueil.tests.factories import ContactFactory, DemandeFactory

    autre = StructureFactory(nom="CCAS", typologie="ccas")
    tenu = PersonneFactory(structure=mds, nom="Tenu")
    for i in range(n):
        DemandeFactory(structure=mds, prenom=f"Demandeur{i:02d}")
        OrientationFactory(
            personne=PersonneFactory(structure=autre, nom=f"Recu{i:02d}"),
            structure_destination=mds,
            elements_partages=["identite"],
        )
        ContactFactory(
            personne=tenu, date_suivi=timezone.localdate() + datetime.timedelta(days=i % 7)
        )
        OrientationFactory(personne=tenu, structure_destination=autre)


def test_file_requetes_bornees_quel_que_soit_sa_longueur(client, mds):
    _file(mds, 2)
    client.force_login(agent(mds, Role.ACCUEIL))
    client.get("/accueil/")
    peu = _requetes(client, "/accueil/")
    _file(mds, 30)
    beaucoup = _requetes(client, "/accueil/")
    # session, user, acteur, 3 counts, 4 lists, audit (the structure's name comes with the acteur)
    assert peu == beaucoup <= 11


def test_file_lue_en_lignes_nommees(mds):
    """The queue's rows are named tuples of the columns shown, not model instances with their
    related ones (a third of the time of reading them)."""
    from django.http import QueryDict

    _file(mds, 3)
    a = acteur_de(agent(mds, Role.ACCUEIL))
    file = selectors.donnees_file(a)
    pages = selectors.pages_de_la_file(file, QueryDict())
    for section, colonnes in selectors.SECTIONS_FILE.items():
        lignes = list(pages[section])
        assert len(lignes) == 3, section
        assert all(ligne._fields == colonnes for ligne in lignes), section


def test_file_25_lignes_par_section_et_son_nombre(client, mds):
    """Each section: its number, 25 rows, its own page number in the URL; the filter and the
    other sections' pages are kept by its links; a bad page number gives the first page."""
    _file(mds, 27)
    client.force_login(agent(mds, Role.ACCUEIL))
    page = client.get("/accueil/").content.decode()
    assert "Nouvelles demandes en ligne (27)" in page
    assert "Orientations reçues à traiter (27)" in page
    assert "Suivis à faire dans les 7 jours (27)" in page
    assert "Orientations envoyées par ma structure (27)" in page
    assert page.count("/sans-reponse/") == 50  # 25 requests + 25 follow-ups
    assert 'href="?demandes=2#nouvelles-demandes"' in page
    assert 'aria-label="Pagination : nouvelles demandes en ligne"' in page
    page = client.get("/accueil/", {"demandes": "2", "suivis": "2"}).content.decode()
    assert page.count("Demandeur") == 2 and page.count("/contacts/") == 2  # rows 26–27
    assert 'href="?demandes=2&amp;suivis=2&amp;a_repondre=2#orientations-a-traiter"' in page
    page = client.get("/accueil/", {"a_repondre": "x"}).content.decode()
    assert page.count("Recu") == 25
    page = client.get("/accueil/", {"filtre": "aujourdhui"}).content.decode()
    assert "Suivis à faire aujourd'hui (4)" in page  # days 0 of 27 (i % 7 == 0)


def test_api_file_paginee_comme_la_page(client, mds):
    """The API's queue: each list's number, 25 rows a page, each list its own page number; a
    page past the last is empty (a client reading page after page stops); a page number
    below 1 is refused with a field error, in French."""
    _file(mds, 27)
    client.force_login(agent(mds, Role.ACCUEIL))
    r = client.get("/api/v1/accueil/file").json()
    listes = ("demandes", "orientations_a_traiter", "orientations_envoyees", "suivis_a_faire")
    assert r["nombres"] == dict.fromkeys(listes, 27) and r["par_page"] == 25
    assert [len(r[cle]) for cle in listes] == [25, 25, 25, 25]
    r2 = client.get("/api/v1/accueil/file", {"page_demandes": 2, "page_suivis_a_faire": 3}).json()
    assert [len(r2[cle]) for cle in listes] == [2, 25, 25, 0]
    vues = {d["id"] for d in r["demandes"]} | {d["id"] for d in r2["demandes"]}
    assert len(vues) == 27  # no gap, no duplicate
    refus = client.get("/api/v1/accueil/file", {"page_demandes": 0})
    assert refus.status_code == 400
    assert refus.json()["erreurs"] == [
        {"champ": "page_demandes", "message": "La valeur doit être supérieure ou égale à 1."}
    ]


def test_suivis_lus_dans_leur_index(mds):
    """The follow-ups of the queue come from the index (structure, date) of those to do, for
    a structure as it is after some years: 2 000 files, 6 000 contacts whose follow-up is
    done, 60 still to do (the database's statistics read, as in production)."""
    import datetime

    from django.utils import timezone

    from accueil.models import Contact

    _dossiers(mds, 2000)
    dossiers = list(Personne.objects.filter(structure=mds))
    jour = timezone.localdate()
    Contact.objects.bulk_create(
        Contact(
            personne=dossiers[i % 2000],
            structure=mds,
            canal="telephone",
            date_suivi=jour + datetime.timedelta(days=i % 7),
            suivi_fait=i >= 60,
        )
        for i in range(6060)
    )
    a = acteur_de(agent(mds, Role.ACCUEIL))
    plan = _plan(selectors.donnees_file(a)["suivis"][:25])
    assert "contact_suivis_a_faire" in plan, plan


def test_file_une_ligne_d_audit(client, mds):
    _file(mds, 2)
    client.force_login(agent(mds, Role.ACCUEIL, "agent-file"))
    avant = EvenementAudit.objects.count()
    client.get("/accueil/", {"demandes": "2"})
    assert [
        (e.action, e.objet, e.identifiant, e.personne_id)
        for e in EvenementAudit.objects.order_by("pk")[avant:]
    ] == [("liste", "file", "agent-file", None)]


def test_delais_moyens_gardes_cinq_minutes_par_structure(mds):
    """The average delays of the queue's heading: computed once per structure and kept 5
    minutes (not read again from the whole history on each page), then computed again."""
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    from accueil.tests.factories import DemandeFactory

    cache.clear()
    maintenant = timezone.now()
    DemandeFactory(
        structure=mds, cree_le=maintenant - datetime.timedelta(hours=4), traitee_le=maintenant
    )
    a = acteur_de(agent(mds, Role.ACCUEIL))
    assert selectors.donnees_file(a)["delai_demandes_h"] == 4.0
    DemandeFactory(
        structure=mds, cree_le=maintenant - datetime.timedelta(hours=2), traitee_le=maintenant
    )
    assert selectors.donnees_file(a)["delai_demandes_h"] == 4.0  # kept
    autre = StructureFactory(nom="Autre MDS", typologie="mds")
    assert selectors.donnees_file(acteur_de(agent(autre, Role.ACCUEIL)))["delai_demandes_h"] is None
    cache.delete(f"accueil:delais-file:{mds.pk}")  # 5 minutes later
    assert selectors.donnees_file(a)["delai_demandes_h"] == 3.0
