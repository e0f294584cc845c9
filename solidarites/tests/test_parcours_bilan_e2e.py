"""The bilan's result as the resident keeps it (#16), in Chromium at 390 px and 1280 px: reopened
with its code, title and amount before the why on screen and in print, the print button named,
the date, the situation and the places to go in the printout, sent by e-mail, call-back asked
with the bilan attached. Screenshots under var/captures/ (screen and print)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from accueil.models import Demande
from bilan.services import conserver_bilan
from bilan.tests.test_restitution import RESULTAT, SITUATION
from comptes.roles import Role
from comptes.tests.factories import SecteurFactory, StructureFactory, agent, melun
from solidarites.tests.test_accessibilite_agents_e2e import connecter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CAPTURES = Path(settings.BASE_DIR) / "var" / "captures"


@pytest.fixture
def bilan(transactional_db):
    commune = melun()
    mds = StructureFactory(
        nom="Maison départementale des solidarités de Melun",
        typologie="mds",
        commune=commune,
        adresse="2 rue de la Rochette",
        code_postal="77000",
        telephone="01 99 00 77 01",
    )
    SecteurFactory(structure=mds, commune=commune)
    return conserver_bilan(SITUATION, RESULTAT)


def _ordre(page, selecteur_carte):
    """Vertical positions of the title, the amount and the why in a right's card."""
    carte = page.locator(selecteur_carte)
    y = {
        nom: carte.locator(sel).first.bounding_box()["y"]
        for nom, sel in (
            ("titre", "h3"),
            ("montant", ".sol-montant"),
            ("pourquoi", "text=Pourquoi"),
        )
    }
    return y


@pytest.mark.parametrize("largeur", [390, 1280])
def test_resultat_garde_imprime_envoye(live_server, page, axe, bilan, largeur, envois_immediats):
    CAPTURES.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(live_server.url + "/bilan/")
    page.get_by_role("link", name="Retrouver mon bilan").click()
    # A wrong code first: "Erreur : " title, the message tied to the field.
    page.get_by_label("Code de votre bilan").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Ouvrir mon bilan").click()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    axe(moderes=True)
    axe.references()
    page.get_by_label("Code de votre bilan").fill(bilan.code_affiche.lower())
    page.get_by_role("button", name="Ouvrir mon bilan").click()
    expect(page).to_have_url(re.compile(r"/bilan/mon-bilan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultat de mon bilan")
    axe(moderes=True)
    axe.references()

    # Title, amount, then why (reading order = visual order).
    y = _ordre(page, "#droit-rsa")
    assert y["titre"] < y["montant"] < y["pourquoi"], y
    dom = page.locator("#droit-rsa").inner_text()
    assert dom.index("Revenu de solidarité active") < dom.index("412,00") < dom.index("Pourquoi")
    # The print button has a name (JavaScript shows it).
    expect(page.get_by_role("button", name="Imprimer ce résumé")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Bilan établi le \d+ \w+ 20\d\d"))).to_be_visible()
    page.screenshot(path=CAPTURES / f"bilan-resultat-ecran-{largeur}.png", full_page=True)

    # The printout: no menus nor forms, the date, the situation, the places with their phone.
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Imprimer ce résumé").is_visible()
    assert not page.locator("#garder").is_visible() and not page.locator("header").is_visible()
    for texte in ("Bilan établi le", "Votre situation", "loyer de 650,50 € par mois",
                  "Où faire vos demandes", "2 rue de la Rochette", "01 99 00 77 01"):  # fmt: skip
        expect(page.get_by_text(texte).first).to_be_visible()
    y = _ordre(page, "#droit-rsa")
    assert y["titre"] < y["montant"] < y["pourquoi"], y
    page.screenshot(path=CAPTURES / f"bilan-resultat-impression-{largeur}.png", full_page=True)
    page.emulate_media(media="screen")

    # Sent by e-mail.
    page.get_by_label("Votre adresse électronique").fill("habitant@example.org")
    page.get_by_role("button", name="Envoyer mon bilan").click()
    expect(page.get_by_text("Le bilan a été envoyé à l'adresse indiquée")).to_be_visible()
    assert len(mail.outbox) == 1 and "412 € par mois" in mail.outbox[0].body

    # Call-back with the bilan attached: the form opens with the code.
    page.get_by_role("button", name="Demander à être rappelé(e) avec ce bilan").click()
    expect(page).to_have_url(re.compile(rf"/accueil/demande/\?code_bilan={bilan.code_affiche}"))
    # The form opens with the code and the commune: nothing typed twice.
    expect(page.get_by_label("Code de votre bilan des droits")).to_have_value(bilan.code_affiche)
    expect(page.get_by_label("Votre commune")).to_have_value("Melun (77000)")
    axe(moderes=True)
    axe.references()
    page.locator("label.fr-label", has_text=re.compile(r"^Logement$")).click()
    page.get_by_label("Votre prénom").fill("Camille")
    page.get_by_label("Ou votre adresse électronique").fill("camille@example.org")
    page.locator("label.fr-label", has_text="Par courriel, à l'adresse indiquée").click()
    page.get_by_role("button", name="Envoyer ma demande").click()
    # The confirmation: the office and its phone (tel: link), the bilan joined, the e-mail sent.
    expect(page).to_have_url(re.compile(r"/accueil/demande/envoyee/$"))
    expect(page.locator('main a[href="tel:0199007701"]')).to_be_visible()
    expect(page.locator("main")).to_contain_text(bilan.code_affiche)
    expect(page.locator("#confirmation-envoyee")).to_contain_text("par courriel")
    axe(moderes=True)
    d = Demande.objects.get()
    assert d.code_bilan == bilan.code_affiche
    assert mail.outbox[-1].to == ["camille@example.org"] and d.reference in mail.outbox[-1].body

    # The office's agent opens the request: the bilan is there, answers and rights.
    mds = d.structure
    connecter(page, live_server, agent(mds, Role.ACCUEIL, f"accueil-melun-{largeur}"))
    page.goto(f"{live_server.url}/accueil/demandes/{d.pk}/")
    expect(page.get_by_role("heading", name=re.compile("Bilan des droits joint"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Revenu de solidarité active")
    expect(page.locator("main")).to_contain_text("650,50")
    axe(moderes=True)
    axe.references()
