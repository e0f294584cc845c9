"""End-to-end: the « Où s'adresser ? » search in a real browser (Chromium), without JavaScript
needed: the commune is typed as text and resolved by the server."""

import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("charger_territoires", departement=["71", "77"], verbosity=0)
    call_command("charger_annuaire", departement=["71", "77"], verbosity=0)


def test_montceau_adolescent_puis_melun_rsa(live_server, page, demo):
    page.goto(f"{live_server.url}/annuaire/")
    page.get_by_label("Votre commune").fill("Montceau-les-Mines")
    page.get_by_label("Votre besoin").select_option(
        "famille--soutien-a-la-parentalite-et-a-leducation"
    )
    page.locator("#form-annuaire").get_by_role("button", name="Rechercher").click()
    titre = page.get_by_role("heading", level=2).first
    assert re.search(r"lieux? pour Montceau-les-Mines", titre.inner_text())
    carte = page.locator("article", has_text="Maison des adolescents de Saône-et-Loire")
    assert carte.count() == 1
    assert "Espace prévention santé Éric Dubreuil" in carte.inner_text()
    assert "Prochaines dates" in carte.inner_text()
    # the structure page opens from the result
    carte.get_by_role("link", name="Maison des adolescents de Saône-et-Loire").click()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Maison des adolescents de Saône-et-Loire"
    )

    page.goto(f"{live_server.url}/annuaire/")
    page.get_by_label("Votre commune").fill("77000")
    page.get_by_label("Ou le droit que vous voulez demander").select_option("rsa")
    page.locator("#form-annuaire").get_by_role("button", name="Rechercher").click()
    # 77000 is shared by several communes: choose Melun in the list
    page.locator("label", has_text=re.compile(r"^Melun \(")).click()
    assert page.get_by_label(re.compile(r"^Melun \(")).is_checked()
    page.locator("#form-annuaire").get_by_role("button", name="Valider ma commune").click()
    premiere = page.locator("article").first
    assert "Maison départementale des solidarités de Melun" in premiere.inner_text()
    assert "votre lieu d'accueil de secteur" in premiere.inner_text().lower()


def test_erreur_de_commune_annoncee(live_server, page, demo):
    page.goto(f"{live_server.url}/annuaire/?commune=zzzzzz")
    champ = page.get_by_label("Votre commune")
    assert champ.get_attribute("aria-invalid") == "true"
    # The field is described by its hint then its error message (two ids).
    aide_id, erreur_id = champ.get_attribute("aria-describedby").split()
    assert page.locator(f"#{aide_id}").inner_text().startswith("Nom de la commune")
    assert "Aucune commune ne correspond" in page.locator(f"#{erreur_id}").inner_text()
