"""#16, the agent's journeys in a real browser, at 390 px and at desktop width, axe-core on each
page (moderate included): open a bilan by its code, find a person by phone and by a request's
reference, create a file with the commune by its name and get the duplicate warning, orient with
a suggestion, note an unanswered call with a retry date, read the statistics of a period.
Screenshots in /tmp/gate-*.png."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accueil.models import Demande
from accueil.tests.factories import ContactFactory, DemandeFactory, PersonneFactory
from annuaire.tests.factories import ServiceFactory
from annuaire.tests.factories import StructureFactory as StructureAnnuaire
from annuaire.zones import reindexer
from bilan.services import conserver_bilan
from bilan.tests.test_restitution import RESULTAT, SITUATION
from comptes.roles import Role
from comptes.tests.factories import SecteurFactory, StructureFactory, agent, melun
from territoires.tests.factories import CommuneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LARGEURS = {"telephone": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 900}}


@pytest.fixture
def monde(transactional_db):
    commune = melun()
    CommuneFactory(code_insee="77495", nom="Vaux-le-Pénil", codes_postaux="77000", population=1)
    mds = StructureFactory(nom="MDS de Melun (test)", typologie="mds", commune=commune)
    SecteurFactory(structure=mds, commune=commune)
    toit = StructureAnnuaire(nom="Association Toit (test)", commune=commune)
    ServiceFactory(structure=toit, thematiques=["logement-hebergement--louer-un-logement"])
    reindexer([toit.pk])
    personne = PersonneFactory(
        structure=mds, nom="Martin", prenom="Camille", telephone="06 12 34 56 78"
    )
    ContactFactory(personne=personne, besoins=["logement"])
    demande = DemandeFactory(structure=mds, reference="D-ABCD-EFGH", prenom="Zoé")
    return {
        "mds": mds,
        "personne": personne,
        "demande": demande,
        "code": conserver_bilan(SITUATION, RESULTAT).code_affiche,
    }


def _connecter(page, live_server, utilisateur):
    client = Client()
    client.force_login(utilisateur)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("largeur", list(LARGEURS))
def test_parcours_de_l_agent(live_server, page, axe, monde, largeur):
    page.set_viewport_size(LARGEURS[largeur])
    _connecter(page, live_server, agent(monde["mds"], Role.TRAVAILLEUR_SOCIAL, f"ts-{largeur}"))
    url = live_server.url

    def voir(chemin, nom=None):
        if chemin:
            page.goto(url + chemin)
        axe(moderes=True)
        if nom:
            page.screenshot(path=f"/tmp/gate-{nom}-{largeur}.png", full_page=True)

    # The queue: what is due today; an unanswered call with tomorrow as the retry date.
    voir("/accueil/", "file")
    assert page.locator("#a-rappeler").text_content().startswith("1 à rappeler")
    # The tables scroll inside their frame; the page itself never gets wider than the screen
    # (their hidden labels for screen readers used to widen it to 1 108 px at 390 px).
    assert page.evaluate("document.documentElement.scrollWidth") <= LARGEURS[largeur]["width"]
    page.get_by_role("link", name="Appel sans réponse — D-ABCD-EFGH").click()
    voir(None, "appel")
    demain = timezone.localdate() + datetime.timedelta(days=1)
    assert page.get_by_label("Rappeler le").input_value() == demain.isoformat()
    page.get_by_role("button", name="Noter l'appel sans réponse").click()
    assert "à rappeler le" in page.locator(".fr-alert, .fr-notice").first.inner_text()
    assert Demande.objects.get().rappeler_le == demain
    voir(None)
    assert page.locator("#a-rappeler").text_content().startswith("0 à rappeler")

    # Search by phone number and by the request's reference.
    voir("/accueil/personnes/?q=0612345678")
    assert page.get_by_role("link", name="Martin").count() + page.get_by_text("Camille").count()
    voir("/accueil/personnes/?q=d-abcd-efgh", "recherche")
    assert page.get_by_text("D-ABCD-EFGH").count() >= 1

    # A new file: the commune by its postcode, chosen in the list; the duplicate warning.
    voir("/accueil/personnes/nouvelle/")
    page.locator("#id_nom").fill("Martine")
    page.locator("#id_prenom").fill("Camille")
    page.locator("#id_commune").fill("77000")
    page.locator("#id_telephone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Enregistrer").click()
    voir(None)
    page.locator('label[for="commune-code-77288"]').click()
    page.get_by_role("button", name="Enregistrer").click()
    voir(None, "doublon")
    assert page.get_by_text("Ce dossier existe peut-être déjà").count() == 1
    assert "Camille Martin" in page.locator("#doublons").text_content()

    # Orient: the structure serving Melun for housing comes first.
    voir(f"/accueil/personnes/{monde['personne'].pk}/orienter/", "orienter")
    assert "Association Toit (test)" in page.locator("#suggestions").inner_text()

    # Statistics of a period.
    du = (timezone.localdate() - datetime.timedelta(days=90)).isoformat()
    voir(f"/accueil/statistiques/?du={du}&au={timezone.localdate().isoformat()}", "statistiques")
    assert page.locator("figure img").count() == 5

    # A bilan opened by its code.
    voir(f"/bilan/ouvrir/?code={monde['code']}", "bilan")
