"""The call-back form (#16) in Chromium at 390 px and 1280 px: the emergency numbers as `tel:`
links in the Violences help, and in a box shown as soon as « Violences » is ticked (CSS, no
script); autocomplete attributes on names and commune; help texts really tied to their fields."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("largeur", [390, 1280])
def test_urgences_violences(live_server, page, axe, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(live_server.url + "/accueil/demande/")
    aide = page.locator("#aide-violences")
    expect(aide.locator('a[href="tel:3919"]')).to_be_visible()
    boite = page.locator("#urgences-violences")
    expect(boite).to_be_hidden()
    page.locator("label.fr-label", has_text="Violences").click()
    expect(boite).to_be_visible()
    for numero in ("17", "112", "3919", "119"):
        expect(boite.locator(f'a[href="tel:{numero}"]')).to_be_visible()
    axe(moderes=True)
    axe.references()
    page.locator("label.fr-label", has_text="Violences").click()
    expect(boite).to_be_hidden()
    assert page.get_by_label("Votre prénom").get_attribute("autocomplete") == "given-name"
    assert page.get_by_label("Votre nom").get_attribute("autocomplete") == "family-name"
    assert page.get_by_label("Votre commune").get_attribute("autocomplete") == "address-level2"


def test_urgences_sans_javascript(live_server, browser):
    contexte = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = contexte.new_page()
    page.goto(live_server.url + "/accueil/demande/")
    expect(page.locator('#aide-violences a[href="tel:17"]')).to_be_visible()
    page.locator("label.fr-label", has_text="Violences").click()
    expect(page.locator("#urgences-violences")).to_be_visible()
    contexte.close()
