"""The resident's bilan, walked in Chromium on a 390 px phone and on a desktop (#16), axe-core
(moderate violations included) on every page visited:

- the commune asked as a choice list ranked by population and département ("chalon");
- every limit checked on the step where it is typed, the error naming its field, the page
  title starting with "Erreur : "; "650,50" read as 650.50 €;
- a steady step counter; inclusive labels ("Salarié·e");
- the result: months in words, title → amount → why in each card (screen and print), the
  yearly ARS saying when and how it can still be claimed, refusals giving only the unmet
  conditions. Screenshots of the result (screen and print) at both widths.

One household per width (a single parent of two in Melun, without income): two bilans in all.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LARGEURS = {"telephone": {"width": 390, "height": 844}, "bureau": {"width": 1280, "height": 900}}
ETAPE = re.compile(r"Étape (\d+) sur (\d+)")
MOIS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


def _suivant(page):
    page.get_by_role("button", name="Suivant").click()


def _etape(page, compteurs):
    """Audit the step and note its counter ("Étape n sur N", once the household is known)."""
    titre = page.locator("h1").inner_text()
    if m := ETAPE.search(titre):
        compteurs.append((int(m[1]), int(m[2])))
    return titre


def _ordre(carte):
    y = {
        nom: carte.locator(sel).first.bounding_box()["y"]
        for nom, sel in (
            ("titre", "h3"),
            ("montant", ".sol-montant"),
            ("pourquoi", "text=Pourquoi"),
        )
    }
    assert y["titre"] < y["montant"] < y["pourquoi"], y


@pytest.mark.parametrize("largeur", list(LARGEURS))
def test_bilan_d_un_parent_isole(live_server, page, axe, tbs, tmp_path, largeur):
    captures = Path(os.environ.get("SOLIDARITES_CAPTURES", tmp_path))
    page.set_viewport_size(LARGEURS[largeur])
    page.set_default_timeout(90_000)  # the first bilan loads OpenFisca in the server
    compteurs: list[tuple[int, int]] = []
    page.goto(f"{live_server.url}/bilan/etape/commune/")
    axe(moderes=True)
    axe.references()

    # The commune: "chalon" offers a choice list, Chalon-sur-Saône (71) first, never a silent
    # pick of a small homonym.
    page.get_by_label("Dans quelle commune habitez-vous ?").fill("chalon")
    _suivant(page)
    choix = page.locator("input[name=code_commune] + label")
    expect(choix.first).to_contain_text("Chalon-sur-Saône")
    expect(choix.first).to_contain_text("71")
    axe(moderes=True)
    axe.references()
    page.get_by_label("Dans quelle commune habitez-vous ?").fill("Melun")
    _suivant(page)
    _etape(page, compteurs)

    # Housing: 100 000 € refused here, on its field, in French; then "650,50".
    page.get_by_text("Locataire dans le parc privé", exact=True).click()
    loyer = page.get_by_label("Loyer mensuel, hors charges")
    loyer.fill("100000")
    _suivant(page)
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    assert loyer.get_attribute("aria-invalid") == "true"
    erreur = page.locator(f"#{loyer.get_attribute('id')}-erreurs")
    expect(erreur).to_contain_text("Loyer")
    expect(erreur).to_contain_text("au plus")
    axe(moderes=True)
    axe.references()
    page.get_by_text("Locataire dans le parc privé", exact=True).click()
    loyer.fill("650,50")
    _suivant(page)

    # Household.
    _etape(page, compteurs)
    page.locator("label[for=id_en_couple_0]").click()  # « Non »
    page.get_by_label("Combien d'enfants avez-vous à charge ?").select_option("2")
    axe(moderes=True)
    _suivant(page)
    _etape(page, compteurs)
    page.get_by_label("Âge de l'enfant n° 1").fill("3")
    page.get_by_label("Âge de l'enfant n° 2").fill("9")
    axe(moderes=True)
    axe.references()
    _suivant(page)

    # You: inclusive labels.
    _etape(page, compteurs)
    libelles = page.locator("label.fr-label").all_inner_texts()
    assert "Salarié·e" in libelles and "Étudiant·e" in libelles and "Retraité·e" in libelles
    assert "Salarié" not in libelles and "Retraité" not in libelles
    page.get_by_label("Quel âge avez-vous ?").fill("34")
    page.get_by_text("Sans emploi", exact=True).click()
    axe(moderes=True)
    axe.references()
    _suivant(page)
    while page.get_by_role("button", name="Suivant").count():  # the remaining steps, empty
        _etape(page, compteurs)
        axe(moderes=True)
        _suivant(page)
    _etape(page, compteurs)
    axe(moderes=True)

    # A steady counter: the total never changes once known, the number goes up one by one.
    totaux = {total for _, total in compteurs}
    assert len(totaux) == 1, compteurs
    numeros = [n for n, _ in compteurs]
    assert numeros == list(range(numeros[0], numeros[0] + len(numeros))), compteurs

    page.get_by_role("button", name="Voir mes droits").click()
    page.wait_for_url("**/bilan/resultats/")
    axe(moderes=True)
    axe.references()
    main = page.locator("main").inner_text()
    assert "650,50 €" in main  # the rent as typed, read as 650.50 €
    assert re.search(rf"\b({MOIS}) 20\d\d\b", main)
    assert not re.search(r"\b20\d\d-\d\d\b", main), "un mois écrit comme du code"
    for slug in ("rsa", "ars"):
        _ordre(page.locator(f"#droit-{slug}"))
    ars = page.locator("#droit-ars").inner_text()
    assert "fin août" in ars
    assert re.search(r"vous pouvez encore la demander|faites une demande", ars), ars
    # Refusals: only what is not met (the household lives in the département).
    page.locator("details.sol-autres summary").click()
    autres = page.locator("details.sol-autres").inner_text()
    assert "non réunies" not in autres and "habiter" not in autres.lower(), autres
    expect(page.get_by_role("button", name="Imprimer ce résumé")).to_be_visible()
    page.screenshot(path=captures / f"parcours-resultat-ecran-{largeur}.png", full_page=True)

    page.emulate_media(media="print")
    _ordre(page.locator("#droit-rsa"))
    for texte in ("Bilan établi le", "Votre situation", "650,50 €"):
        expect(page.get_by_text(texte).first).to_be_visible()
    page.screenshot(path=captures / f"parcours-resultat-impression-{largeur}.png", full_page=True)
    page.emulate_media(media="screen")
