"""The resident's public journeys of #16 walked in Chromium on a 390 px phone and on a desktop,
with the real content (rights, directory of the 71 and 77), axe-core (moderate violations
included) on every page visited:

- home page: the residents' most common needs first, short on a phone;
- search: "rsa 77" and "rsa seine-et-marne" put the RSA first, "loyer" is ranked and trimmed;
- directory: the "besoin" list grouped (frequent needs first); "chalon" offers a choice list;
- a place's page: the whole week's hours, the permanences, a map link;
- the call-back form: the commune's autocomplete (JavaScript) and its choice list (without);
- the API documentation page in French (html lang).

The content is loaded once; both widths are walked in the same test."""

import re

import pytest
from playwright.sync_api import expect

from annuaire.models import Structure
from solidarites.tests.test_accessibilite_e2e import contenus  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LARGEURS = {"telephone": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 900}}
JOURS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]


def _audit(axe):
    axe(moderes=True)
    axe.references()


def _premiers(page, n):
    liens = page.locator("ol.droits-resultats .fr-card__title a")
    return [liens.nth(i).inner_text() for i in range(min(n, liens.count()))]


def test_parcours_publics(live_server, page, axe, contenus):  # noqa: F811
    base = live_server.url
    page.set_default_timeout(60_000)
    melun = Structure.objects.get(nom="Maison départementale des solidarités de Melun")
    for largeur, taille in LARGEURS.items():
        page.set_viewport_size(taille)

        # Home page: needs first (money, housing…), job-search categories folded; short.
        page.goto(base + "/")
        _audit(axe)
        besoins = page.locator("#titre-besoins + ul a, #titre-besoins ~ ul a").all_inner_texts()
        assert besoins and not re.search(r"emploi|métier|candidature", besoins[0], re.I), besoins
        populaires = page.locator("#titre-populaires").bounding_box()["y"]
        hauteur = page.evaluate("document.documentElement.scrollHeight")
        if largeur == "telephone":
            assert populaires < 4 * taille["height"], (populaires, hauteur)
            assert hauteur < 9 * taille["height"], hauteur

        # Search: the département named in the query selects it; "loyer" trimmed.
        for q in ("rsa 77", "rsa seine-et-marne"):
            page.goto(base + "/droits/recherche/?q=" + q.replace(" ", "+"))
            assert re.search(r"RSA|solidarité active", _premiers(page, 1)[0]), q
        _audit(axe)
        page.goto(base + "/droits/recherche/?q=loyer")
        _audit(axe)
        titres = _premiers(page, 30)
        assert 2 <= len(titres) <= 10, titres
        assert any("FSL" in t for t in titres[:2]), titres
        assert not any("proche aidant" in t.lower() for t in titres), titres

        # Directory: grouped needs; "chalon" asks, Chalon-sur-Saône first.
        page.goto(base + "/annuaire/")
        _audit(axe)
        besoin = page.get_by_label("Votre besoin")
        assert besoin.locator("optgroup").first.get_attribute("label") == "Besoins fréquents"
        assert besoin.locator("optgroup").count() >= 5
        page.get_by_label("Votre commune").fill("chalon")
        page.locator("#form-annuaire").get_by_role("button", name="Rechercher").click()
        expect(page.locator("main label", has_text="Chalon-sur-Saône").first).to_be_visible()
        premiere = page.locator("main input[type=radio] + label").first.inner_text()
        assert premiere.startswith("Chalon-sur-Saône"), premiere
        _audit(axe)

        # A place's page: the whole week, the permanences, a map link.
        page.goto(f"{base}/annuaire/structures/{melun.pk}/")
        _audit(axe)
        semaine = page.locator("table.sol-semaine tbody th").all_inner_texts()
        assert semaine == JOURS, semaine
        expect(page.get_by_role("link", name=re.compile("Voir sur une carte"))).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("Permanences"))).to_have_count(1)

        # The call-back form: suggestions while typing (JavaScript), Chalon-sur-Saône first.
        page.goto(base + "/accueil/demande/")
        page.get_by_label("Votre commune").press_sequentially("chalo", delay=50)
        options = page.locator("datalist option")
        expect(options.first).to_have_attribute("value", re.compile(r"^Chalon-sur-Saône \("))
        _audit(axe)
        # Sent as typed, "chalon" is not guessed: the choice list, in an "Erreur : " page.
        page.get_by_label("Votre commune").fill("chalon")
        page.locator("main form button[type=submit]").last.click()
        expect(page).to_have_title(re.compile(r"^Erreur : "))
        libelle = page.locator("#id_code_commune-groupe label").first.inner_text()
        assert libelle.startswith("Chalon-sur-Saône (71100) — Saône-et-Loire"), libelle
        _audit(axe)

        # The API documentation declares its language.
        page.goto(base + "/api/v1/docs")
        assert page.locator("html").get_attribute("lang") == "fr"
        axe(page)

    # Without JavaScript too, the call-back form lists the communes for "chalon".
    contexte = page.context.browser.new_context(java_script_enabled=False, locale="fr-FR")
    sans_js = contexte.new_page()
    sans_js.goto(base + "/accueil/demande/")
    sans_js.get_by_label("Votre commune").fill("chalon")
    sans_js.locator("main form button[type=submit]").last.click()
    expect(sans_js).to_have_title(re.compile(r"^Erreur : "))
    libelle = sans_js.locator("#id_code_commune-groupe label").first.inner_text()
    assert libelle.startswith("Chalon-sur-Saône (71100) — Saône-et-Loire"), libelle
    contexte.close()  # the same page was audited above (axe-core needs JavaScript)
