"""Agents' name searches never travel in a URL (issue 18, « Found when probed »: they were in
the access logs). In a real browser, an MDS social worker searches a name on each agent page
that takes one (people's files, RSA beneficiaries, financial-aid applications), by keyboard
(Enter in the field): the page shows the result, and no URL the browser requested holds the
name. The criteria live in the session (POST-redirect-GET, `solidarites.recherche`)."""

import pytest

from accueil.tests.factories import PersonneFactory
from comptes.roles import Role
from comptes.tests.factories import SecteurFactory, StructureFactory, agent, melun
from solidarites.tests.test_accessibilite_agents_e2e import connecter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOM = "Zebulonne"

PAGES = [
    ("/accueil/personnes/", "Rechercher par nom, prénom, téléphone ou numéro de demande"),
    ("/rsa/", "Nom ou numéro d'allocataire"),
    ("/aides-financieres/", "Numéro ou nom"),
]


def test_aucun_nom_cherche_dans_une_url(live_server, page, axe, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    commune = melun()
    mds = StructureFactory(
        nom="MDS de Melun (recherche)", typologie="mds", commune=commune, identifiant="mds-rech"
    )
    SecteurFactory(structure=mds, commune=commune)
    PersonneFactory(structure=mds, nom=NOM, prenom="Camille")
    connecter(page, live_server, agent(mds, Role.TRAVAILLEUR_SOCIAL, "ts-recherche"))
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    for chemin, champ in PAGES:
        page.goto(live_server.url + chemin)
        page.get_by_label(champ).fill(NOM)
        page.get_by_label(champ).press("Enter")
        page.wait_for_load_state()
        assert page.url == live_server.url + chemin, page.url
        assert page.get_by_label(champ).input_value() == NOM  # the search is shown, kept
        if chemin == "/accueil/personnes/":
            assert page.get_by_role("link", name=NOM).count() == 0  # name in a cell, not link
            assert page.get_by_text(f"Camille {NOM}").count() == 1
        axe()
        if chemin == "/accueil/personnes/":  # the kept search, on a phone
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path="/tmp/pilotage-recherche-dossiers-390.png", full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
        page.reload()  # the search stays (kept in the session, not in the URL)
        assert page.get_by_label(champ).input_value() == NOM
        page.get_by_role("button", name="Effacer la recherche").click()
        page.wait_for_load_state()
        assert page.get_by_label(champ).input_value() == ""
    assert len(urls) > 10
    assert [u for u in urls if NOM.lower() in u.lower()] == []
