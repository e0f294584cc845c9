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


def test_liste_lue_dans_l_ordre_de_son_index(mds):
    """The held files come from the index (holder, name, first name), in its order: the page
    costs no sort of every file; the received ones (few) are the other half of a UNION ALL."""
    _dossiers(mds, 30)
    a = acteur_de(agent(mds, Role.ACCUEIL))
    sql, params = selectors.liste_personnes(a)[:50].query.sql_with_params()
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SET LOCAL enable_seqscan = off")
            c.execute("EXPLAIN " + sql, params)
        else:
            c.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(ligne) for ligne in c.fetchall())
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
