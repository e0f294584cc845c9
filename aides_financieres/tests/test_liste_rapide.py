"""The list of the applications (issue 18, agents' lists): 50 a page with their number, only
the columns shown, a bounded number of queries whatever the number of applications, one audit
row per list shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aides_financieres.tests.factories import DemandeAideFactory
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent
from territoires.tests.factories import DepartementFactory


@pytest.fixture
def service(db):
    d77 = DepartementFactory(code="77")
    ccas = StructureFactory(nom="CCAS de Melun (test)", typologie="ccas", departement=d77)
    service = StructureFactory(nom="Service (test)", typologie="departement", departement=d77)
    return ccas, agent(service, Role.AIDES_FINANCIERES, "service-77")


def _requetes(client, chemin):
    with CaptureQueriesContext(connection) as q:
        page = client.get(chemin).content.decode()
    return len(q), page


def test_cinquante_par_page_requetes_bornees_une_ligne_d_audit(client, service):
    ccas, compte = service
    DemandeAideFactory.create_batch(2, structure=ccas)
    client.force_login(compte)
    client.get("/aides-financieres/")
    peu, page = _requetes(client, "/aides-financieres/")
    assert "2 demandes" in page and "Pagination" not in page
    DemandeAideFactory.create_batch(51, structure=ccas)
    avant = EvenementAudit.objects.count()
    beaucoup, page = _requetes(client, "/aides-financieres/")
    assert peu == beaucoup <= 8
    assert "53 demandes — page 1 sur 2" in page and page.count("/aides-financieres/demandes/") == 50
    assert 'href="?page=2"' in page
    page = client.get("/aides-financieres/", {"page": "2"}).content.decode()
    assert page.count("/aides-financieres/demandes/") == 3
    assert client.get("/aides-financieres/", {"page": "x"}).status_code == 200
    lignes = EvenementAudit.objects.order_by("pk")[avant:]
    assert {(e.action, e.objet, e.personne_id) for e in lignes} == {("liste", "demande_aide", None)}
    assert len(lignes) == 3
