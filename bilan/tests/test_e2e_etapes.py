"""The questionnaire's added steps in a real browser, at a phone and a desktop width."""

import pytest


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_nouvelles_etapes_au_telephone_et_au_bureau(live_server, page, axe, tbs):
    """The added steps (difficulties in daily life, autonomy with the guided GIR estimate) at
    390 px and 1280 px, audited by axe-core; the result shows the PCH and the APA."""
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/bilan/etape/commune/")
    page.get_by_label("Dans quelle commune habitez-vous ?").fill("77288")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_text("Locataire d'un logement social (HLM)", exact=True).click()
    page.get_by_label("Loyer mensuel, hors charges").fill("420,50")
    page.get_by_role("button", name="Suivant").click()
    page.locator("label[for=id_en_couple_1]").click()  # « Oui »
    page.locator("label[for=id_handicap_foyer_1]").click()
    page.locator("label[for=id_autonomie_foyer_1]").click()
    page.get_by_role("button", name="Suivant").click()
    assert "Étape 4 sur 9" in page.locator("h1").inner_text()
    page.get_by_label("Quel âge avez-vous ?").fill("58")
    page.get_by_text("Autre situation (au foyer, en invalidité…)", exact=True).click()
    page.locator("label[for=id_vous-handicap_2]").click()  # 80 % ou plus
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Mois de naissance de votre conjoint·e").fill("03/1944")
    page.get_by_text("Retraité·e", exact=True).click()
    page.get_by_role("button", name="Suivant").click()
    axe(moderes=True)
    page.get_by_label("Vous — activités essentielles faites difficilement").select_option("2")
    page.get_by_role("button", name="Suivant").click()
    axe(moderes=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    axe(moderes=True)
    page.locator("label[for=id_conjoint_toilette_1]").click()  # a besoin d'aide
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Votre conjoint·e — pensions de retraite").fill("350")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Voir mes droits").click()
    page.wait_for_url("**/bilan/resultats/")
    texte = page.locator("main").inner_text()
    assert "Prestation de compensation du handicap" in texte
    assert "Allocation personnalisée d'autonomie" in texte
