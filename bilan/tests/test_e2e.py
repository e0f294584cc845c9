"""The questionnaire in a real browser: a single parent of two in Melun."""

import pytest


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_parent_isole_melun(live_server, page, tbs):
    page.goto(f"{live_server.url}/bilan/")
    page.get_by_role("link", name="Commencer le bilan").click()
    page.get_by_label("Dans quelle commune habitez-vous ?").fill("Melun")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_text("Locataire dans le parc privé", exact=True).click()  # DSFR radio label
    page.get_by_label("Loyer mensuel, hors charges").fill("650")
    page.get_by_role("button", name="Suivant").click()
    page.locator("label[for=id_en_couple_0]").click()  # « Non »
    page.get_by_label("Combien d'enfants avez-vous à charge ?").select_option("2")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Âge de l'enfant n° 1").fill("3")
    page.get_by_label("Âge de l'enfant n° 2").fill("7")
    page.get_by_role("button", name="Suivant").click()
    page.get_by_label("Quel âge avez-vous ?").fill("34")
    page.get_by_text("Sans emploi", exact=True).click()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Suivant").click()  # no income
    page.get_by_role("button", name="Voir mes droits").click()
    page.wait_for_url("**/bilan/resultats/")
    for slug, titre in [
        ("rsa", "RSA"),
        ("aide-logement", "logement"),
        ("allocations-familiales", "Allocations familiales"),
    ]:
        carte = page.locator(f"#droit-{slug}")
        assert titre.lower() in carte.inner_text().lower()
        assert "€ par mois" in carte.locator(".sol-montant").inner_text()
