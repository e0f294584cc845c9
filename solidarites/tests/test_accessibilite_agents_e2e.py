"""Every page of the professional area, at 390 px and 1280 px, audited by axe-core (moderate
included), for an agent of an MDS, its administrator and a partner (#16): the queue's tables
reachable by keyboard, the agents' menu, no broken aria reference."""

import pytest
from django.test import Client

from accueil.tests.factories import (
    ContactFactory,
    DemandeFactory,
    OrientationFactory,
    PersonneFactory,
)
from bilan.services import conserver_bilan
from bilan.tests.test_restitution import RESULTAT, SITUATION
from comptes.roles import Role
from comptes.tests.factories import SecteurFactory, StructureFactory, agent, melun

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def monde(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    commune = melun()
    mds = StructureFactory(nom="MDS de Melun (test)", typologie="mds", commune=commune)
    SecteurFactory(structure=mds, commune=commune)
    ccas = StructureFactory(nom="CCAS de Melun (test)", typologie="ccas", commune=commune)
    personne = PersonneFactory(structure=mds, nom="Martin", prenom="Camille")
    ContactFactory(personne=personne)
    orientation = OrientationFactory(personne=personne, structure_destination=ccas)
    demande = DemandeFactory(structure=mds)
    return {
        "mds": mds,
        "ccas": ccas,
        "personne": personne,
        "orientation": orientation,
        "demande": demande,
        "code": conserver_bilan(SITUATION, RESULTAT).code_affiche,
    }


def connecter(page, live_server, utilisateur):
    client = Client()
    client.force_login(utilisateur)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def auditer(page, axe, live_server, chemins):
    for chemin in chemins:
        axe.largeurs(live_server.url + chemin, moderes=True)
        axe.references()
        assert page.locator("h1").count() == 1, chemin
        assert page.locator("main").count() == 1, chemin


def test_agent_d_accueil(live_server, page, axe, monde):
    p, o, d = monde["personne"].pk, monde["orientation"].pk, monde["demande"].pk
    connecter(page, live_server, agent(monde["mds"], Role.TRAVAILLEUR_SOCIAL, "ts"))
    auditer(
        page,
        axe,
        live_server,
        [
            "/accueil/",
            "/accueil/personnes/",
            "/accueil/personnes/?q=Martin",
            "/accueil/personnes/nouvelle/",
            f"/accueil/personnes/{p}/",
            f"/accueil/personnes/{p}/modifier/",
            f"/accueil/personnes/{p}/contacts/nouveau/",
            f"/accueil/personnes/{p}/orienter/",
            f"/accueil/orientations/{o}/",
            f"/accueil/demandes/{d}/",
            "/accueil/statistiques/",
            "/depistage/",
            "/bilan/ouvrir/",
            f"/bilan/ouvrir/?code={monde['code']}",
            "/comptes/",
        ],
    )
    # At desktop width, the queue's tables fit: a long planned follow-up wraps, its « Appel sans
    # réponse » link stays in view (the table used to scroll at 1280 px).
    from django.utils import timezone

    longue = PersonneFactory(
        structure=monde["mds"], nom="Dupont-Delacroix-Fontaine", prenom="Marie-Christine"
    )
    ContactFactory(
        personne=longue,
        appels_sans_reponse=1,
        suite="Rappeler pour savoir si le dossier de logement social a été déposé et complété "
        "auprès du bailleur, avec les pièces justificatives demandées.",
        date_suivi=timezone.localdate(),
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/accueil/")
    assert page.locator("text=logement social").count() == 1
    debordent = page.evaluate(
        "[...document.querySelectorAll('.fr-table__container')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.getAttribute('aria-labelledby'))"
    )
    assert debordent == []
    # The agents' menu, not the public one (still on /accueil/).
    menu = page.locator("#navigation-principale")
    assert menu.get_by_role("link", name="File d'attente").count() == 1
    assert menu.get_by_role("link", name="Vos droits").count() == 0


def test_administrateur_et_partenaire(live_server, page, axe, monde, settings):
    from comptes.models import DemandeAcces

    demande = DemandeAcces.objects.create(
        courriel="lea.durand@exemple.fr", prenom="Léa", nom="Durand", structure=monde["mds"]
    )
    # The login page with the ProConnect button (shown when ProConnect is configured).
    settings.PROCONNECT_ACTIF = True
    page.context.clear_cookies()
    auditer(page, axe, live_server, ["/comptes/connexion/"])
    assert page.locator("a.proconnect-bouton").count() == 1
    connecter(page, live_server, agent(monde["mds"], Role.ADMINISTRATEUR, "admin"))
    auditer(
        page,
        axe,
        live_server,
        [
            "/annuaire/ma-fiche/",
            "/comptes/membres/",
            "/comptes/audit/",
            "/comptes/demandes-acces/",
            f"/comptes/demandes-acces/{demande.pk}/",
            "/accueil/statistiques/",
        ],
    )
    connecter(page, live_server, agent(monde["ccas"], Role.PARTENAIRE, "partenaire"))
    auditer(
        page, axe, live_server, ["/accueil/", f"/accueil/orientations/{monde['orientation'].pk}/"]
    )
