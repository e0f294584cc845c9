"""The list of the RSA beneficiaries (issue 18, agents' lists): a bounded number of queries
whatever the number of beneficiaries (50 a page, each with its file, referent, structure and
territory read in the same query, only the columns shown), one audit row per list shown."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from comptes.models import EvenementAudit
from rsa.tests.factories import BeneficiaireFactory


def _requetes(client, chemin):
    with CaptureQueriesContext(connection) as q:
        page = client.get(chemin).content.decode()
    return len(q), page


def test_requetes_bornees_et_une_ligne_d_audit(client, monde_rsa):
    insertion, mds = monde_rsa["insertion"], monde_rsa["mds"]
    client.force_login(monde_rsa["comptes"]["insertion"])
    client.get("/rsa/")
    peu, _ = _requetes(client, "/rsa/")
    BeneficiaireFactory.create_batch(
        55,
        personne__structure=insertion,
        territoire=mds,
        structure_referente=mds,
        orientation="sociale",
        referent=monde_rsa["comptes"]["ts"],
    )
    avant = EvenementAudit.objects.count()
    beaucoup, page = _requetes(client, "/rsa/")
    assert peu == beaucoup <= 9
    assert page.count("/rsa/beneficiaires/") == 50 and "MDS de Melun (test)" in page
    assert [(e.action, e.objet) for e in EvenementAudit.objects.order_by("pk")[avant:]] == [
        ("liste", "beneficiaire_rsa")
    ]
