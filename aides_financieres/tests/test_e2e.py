"""Done-when of issue 14, in a real browser (Chromium through Playwright), at 390 px and at
desktop width, with axe-core on each page: a CCAS social worker files an FSL maintien + energy
application for a household reopened from a bilan code, with a document; the aid service
completes it, puts it on a commission's agenda, records a partial grant, pays the landlord; the
budget dashboard shows the commitment; an agent of another structure gets 404 on the
application and its document (as if they did not exist)."""

import re
from decimal import Decimal

import pytest

from accueil.tests.factories import PersonneFactory
from aides_financieres.models import DemandeAide, Paiement
from aides_financieres.tests.factories import SITUATION_PARENT, CommissionFactory, EnveloppeFactory
from bilan.services import conserver_bilan
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, SecteurFactory, StructureFactory, agent, melun
from territoires.tests.factories import DepartementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ECRANS = "/tmp/aides-financieres-e2e"


@pytest.fixture
def monde(settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    d77 = DepartementFactory(code="77")
    mds = StructureFactory(nom="MDS de Melun", typologie="mds", departement=d77)
    SecteurFactory(structure=mds, commune=melun())
    ccas = StructureFactory(nom="CCAS de Melun", typologie="ccas", departement=d77)
    autre = StructureFactory(nom="CCAS de Meaux", typologie="ccas", departement=d77)
    service = StructureFactory(
        nom="Service des aides financières", typologie="departement", departement=d77
    )
    agent(ccas, Role.TRAVAILLEUR_SOCIAL, "ts.ccas")
    agent(autre, Role.TRAVAILLEUR_SOCIAL, "ts.meaux")
    agent(service, Role.AIDES_FINANCIERES, "service.aides")
    personne = PersonneFactory(structure=ccas, nom="Lambert", prenom="Nora")
    bilan = conserver_bilan(
        SITUATION_PARENT,
        {
            "droits": [
                {"slug": "rsa", "titre": "RSA", "eligible": True, "montant_mensuel": 700},
                {"slug": "aide-logement", "eligible": True, "montant_mensuel": 400},
                {"slug": "allocations-familiales", "eligible": True, "montant_mensuel": 150},
                {"slug": "asf", "eligible": True, "montant_mensuel": 350},
            ]
        },
    )
    CommissionFactory(lieu="Hôtel du Département, Melun")
    EnveloppeFactory(fonds="fsl-maintien-77", montant=Decimal("20000"))
    return {"personne": personne, "code": bilan.code_affiche}


def connexion(page, base, username):
    page.goto(f"{base}/comptes/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/comptes/connexion/" not in url)


def deconnexion(page):
    """Log out (at 390 px the button is inside the closed menu: open it first)."""
    if page.viewport_size["width"] < 992:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Se déconnecter").last.click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))


def ecran(page, nom):
    page.screenshot(path=f"{ECRANS}/{nom}-{page.viewport_size['width']}.png", full_page=True)


@pytest.mark.parametrize("largeur", [390, 1280])
def test_parcours_du_fonds_unique(live_server, page, monde, axe, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    base = live_server.url
    p = monde["personne"]

    # 1. The CCAS social worker opens the application from the person's file.
    connexion(page, base, "ts.ccas")
    page.goto(f"{base}/accueil/personnes/{p.pk}/")
    page.get_by_role("link", name="Demande d'aide financière").click()
    page.get_by_label("Code d'un bilan conservé").fill(monde["code"])
    page.get_by_role("button", name="Reprendre ce bilan").click()
    assert page.locator("#source-foyer").inner_text() == f"bilan {monde['code']}"
    assert page.locator("#prestation-rsa").input_value() == "700"
    axe()
    page.get_by_label("Énergie", exact=True).fill("120")
    page.locator("#charge-loyer").fill("750")
    page.locator("#b0-besoin").select_option("impaye_loyer")
    page.locator("#b0-montant").fill("1500")
    page.locator("#b0-creancier").select_option("bailleur")
    page.locator("#b0-creancier_nom").fill("Habitat 77")
    page.locator("#b1-besoin").select_option("energie")
    page.locator("#b1-montant").fill("400")
    page.locator("#b1-creancier").select_option("fournisseur_energie")
    page.locator("#b1-creancier_nom").fill("EDF")
    page.get_by_label("Évaluation sociale").fill("Dette née d'une baisse de ressources.")
    ecran(page, "1-formulaire")
    page.get_by_role("button", name="Enregistrer et déposer").click()
    assert page.locator("#statut-demande").inner_text().lower() == "déposée"
    d = DemandeAide.objects.get()
    assert d.code_bilan == monde["code"] and d.proposition["decision"] == "commission"
    page.locator("#fichier").set_input_files(
        files=[{"name": "decompte-dette.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Nature").select_option("dette")
    page.get_by_role("button", name="Ajouter la pièce").click()
    assert page.get_by_text("Pièce ajoutée.").is_visible()
    axe()
    ecran(page, "2-demande-deposee")
    piece = d.pieces.get()
    deconnexion(page)

    # 2. The aid service completes it and puts it on the commission's agenda.
    connexion(page, base, "service.aides")
    page.goto(f"{base}/aides-financieres/instruction/")
    page.get_by_role("link", name=d.reference).click()
    page.get_by_role("button", name="Marquer complète").click()
    page.get_by_role("button", name="Mettre en instruction").click()
    page.get_by_role("button", name="Inscrire").click()
    assert page.locator("#statut-demande").inner_text().lower() == "en commission"

    # 3. A partial grant recorded in session.
    page.get_by_role("link", name="Décider").click()
    axe()
    page.get_by_text("Accord partiel", exact=True).click()
    page.locator("#l0-montant").fill("1000")
    page.get_by_label("Motif du refus").select_option("plafond_atteint")
    ecran(page, "3-decision")
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.locator("#statut-demande").inner_text().lower() == "partiellement accordée"
    d.refresh_from_db()
    assert d.montant_accorde == Decimal("1320.00")  # 1 000 (FSL maintien) + 320 (FSL énergie)

    # 4. The landlord is paid.
    page.get_by_role("button", name="Payer le bailleur").click()
    assert page.get_by_text("Paiement de 1 000 € à Habitat 77 enregistré.").is_visible()
    assert Paiement.objects.get().beneficiaire == "bailleur"
    # The notification letter (kept copy) is noted as posted.
    page.get_by_label("Lettre envoyée par").select_option("courrier")
    page.get_by_role("button", name="Noter la lettre envoyée").click()
    assert page.get_by_text("Lettre notée envoyée (courrier postal).").is_visible()
    axe()
    ecran(page, "4-paiement")

    # 5. The budget dashboard shows the commitment.
    page.goto(f"{base}/aides-financieres/budget/")
    assert page.locator("#engage").inner_text().replace("\u202f", " ") == "1 320 €"
    assert "1 000 €" in page.locator("#enveloppes").inner_text().replace("\u202f", " ")
    axe()
    ecran(page, "5-budget")
    deconnexion(page)

    # 6. An agent of another structure: 404 on the application and on its document.
    connexion(page, base, "ts.meaux")
    assert page.goto(f"{base}/aides-financieres/demandes/{d.pk}/").status == 404
    assert page.goto(f"{base}/aides-financieres/pieces/{piece.pk}/").status == 404
    # Refused as if they did not exist (ids do not leak), and both refusals are audited.
    refus = EvenementAudit.objects.filter(action="refus", identifiant="ts.meaux")
    assert sorted(refus.values_list("objet", flat=True)) == ["demande_aide", "piece_aide"]
    ecran(page, "6-autre-structure")
