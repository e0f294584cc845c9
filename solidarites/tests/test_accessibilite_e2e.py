"""Every public page, at 390 px and at 1280 px, audited by axe-core (moderate violations
included), with the real content (rights, directory of Melun and Montceau), and what axe cannot
judge: no self-refreshing page, "Erreur : " titles, unique landmark names, heading order."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from annuaire.models import Structure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contenus(transactional_db, settings):
    call_command("charger_territoires", departement=["71", "77"], verbosity=0)
    call_command("charger_droits", verbosity=0)
    call_command("charger_annuaire", departement=["71", "77"], verbosity=0)
    yield
    from django.db import connection

    from droits.recherche import index

    with connection.cursor() as cursor:  # the index is not a model: not flushed by Django
        cursor.execute(f"DELETE FROM {index.TABLE}")
    index.vider_cache()


PAGES = [
    "/",
    "/droits/",
    "/droits/?theme=famille&departement=77",
    "/droits/theme/famille/",
    "/droits/recherche/",
    "/droits/recherche/?q=loyer",
    "/droits/recherche/?q=zzzzqqq",
    "/droits/rsa/",
    "/droits/fsl/",
    "/annuaire/",
    "/annuaire/?commune=Melun",
    "/annuaire/?commune=77000",
    "/bilan/",
    "/bilan/etape/commune/",
    "/bilan/retrouver/",
    "/accueil/demande/",
    "/accessibilite/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/comptes/connexion/",
    "/page-qui-n-existe-pas/",
]


def test_pages_publiques(live_server, page, axe, contenus):
    melun = Structure.objects.get(nom="Maison départementale des solidarités de Melun")
    for chemin in PAGES + [f"/annuaire/structures/{melun.pk}/"]:
        axe.largeurs(live_server.url + chemin, moderes=True)
        axe.references()
        assert page.locator("meta[http-equiv=refresh]").count() == 0, chemin
        assert page.locator("h1").count() == 1, chemin
        assert page.locator("main").count() == 1, chemin


def test_formulaires_en_erreur(live_server, page, axe, contenus):
    # The call-back form sent empty: "Erreur : " title, errors linked to their fields.
    page.goto(live_server.url + "/accueil/demande/")
    page.locator("main form button[type=submit]").last.click()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    axe(moderes=True)
    axe.references()
    # The questionnaire: a commune that does not exist.
    page.goto(live_server.url + "/bilan/etape/commune/")
    page.get_by_label("Dans quelle commune habitez-vous ?").fill("Zzzzville")
    page.get_by_role("button", name="Suivant").click()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    axe(moderes=True)
    # Login refused.
    page.goto(live_server.url + "/comptes/connexion/")
    page.get_by_label("Identifiant").fill("personne")
    page.get_by_label("Mot de passe").fill("faux")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    axe(moderes=True)
