"""Browser tests (Playwright + Debian's Chromium) of the public pages of the rights."""

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

from droits import chargement
from droits.recherche import index

pytestmark = pytest.mark.e2e

LOYER = "je n'arrive plus à payer mon loyer"


@pytest.fixture
def site(live_server, transactional_db, contenu_test):
    chargement.charger(contenu_test / "droits")
    yield live_server.url
    with connection.cursor() as cursor:  # the index is not a model: not flushed by Django
        cursor.execute(f"DELETE FROM {index.TABLE}")


def premiers_resultats(page, n=2) -> list[str]:
    liens = page.locator("ol.droits-resultats .fr-card__title a")
    return [liens.nth(i).inner_text() for i in range(n)]


def test_recherche_depuis_l_accueil_puis_fiche(page, site):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos droits sociaux")
    page.get_by_label("Que cherchez-vous ?").fill(LOYER)
    page.locator("#recherche-droits").get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"/droits/recherche/\?q="))
    expect(page.locator("#q")).to_have_value(LOYER)
    titres = premiers_resultats(page)
    assert any("FSL" in t for t in titres) and any("logement (APL" in t for t in titres), titres
    page.get_by_role("link", name="Fonds de solidarité pour le logement (FSL)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Fonds de solidarité pour le logement (FSL)"
    )
    for section in ["Ce que ça vous apporte", "Pour qui ?", "Les conditions", "Où s'adresser ?"]:
        expect(page.get_by_role("heading", name=section)).to_be_visible()
    expect(page.get_by_text("Informations vérifiées le 20 novembre 2026")).to_be_visible()


def test_filtre_par_departement(page, site):
    page.goto(site + "/droits/")
    expect(page.get_by_role("link", name="Pass Le Cap")).to_be_visible()
    page.get_by_label("Votre département").select_option("94")
    page.get_by_role("button", name="Filtrer").click()
    expect(
        page.get_by_role("link", name="Fonds de solidarité habitat du Val-de-Marne")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Pass Le Cap")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Fonds de solidarité pour le logement (FSL)")
    ).to_have_count(0)
    # The choice is remembered: the search now shows the Val-de-Marne version.
    page.goto(site + "/droits/recherche/?q=impay%C3%A9+de+loyer")
    expect(page.locator("#departement")).to_have_value("94")
    assert "Fonds de solidarité habitat du Val-de-Marne" in premiers_resultats(page, 1)


def test_navigation_au_clavier(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focus = page.evaluate("document.activeElement.textContent.trim()")
    assert focus == "Aller au contenu"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("mutuelle")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/droits/recherche/\?q=mutuelle"))
    # Tab from the search field to the first result, then open it with Enter.
    page.locator("#q").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        lien = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if lien.startswith("/droits/") and "recherche" not in lien:
            break
    assert lien == "/droits/css/"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Complémentaire santé solidaire (CSS)"
    )
