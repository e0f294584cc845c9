"""Done-when of issue 13, in a real browser (Chromium through Playwright), at 390 px and desktop.

The insertion agent imports the demo monthly file (with bad rows), orients a new beneficiary
(sociale, MDS de Melun) after the diagnostic, designates a référent; the référent invites,
records the meeting as attended, writes a contract with two actions, starts an accompagnement
global with a France Travail adviser, who sees the plan; the dashboard counts it all; an agent of
another MDS cannot open the file. axe-core audits each page on the way.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from comptes.tests.factories import MOT_DE_PASSE, SecteurFactory, StructureFactory, melun
from rsa.models import Beneficiaire, RendezVous
from rsa.tests.factories import compte
from territoires.tests.factories import CommuneFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FICHIER = settings.CONTENT_DIR / "rsa" / "demo" / "flux-rsa-77-2026-10.csv"
CAPTURES = Path(settings.BASE_DIR) / "var" / "captures" / "rsa"


@pytest.fixture
def acteurs(settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    commune = melun()
    insertion = StructureFactory(
        nom="Direction de l'insertion", typologie="departement", commune=commune
    )
    mds = StructureFactory(nom="MDS de Melun", typologie="mds", commune=commune)
    SecteurFactory(structure=mds, commune=commune)
    autre = StructureFactory(
        nom="MDS de Fontainebleau",
        typologie="mds",
        commune=CommuneFactory(code_insee="77186", nom="Fontainebleau"),
    )
    ft = StructureFactory(nom="France Travail Melun", typologie="france-travail", commune=commune)
    compte(insertion, "insertion", "insertion.77")
    compte(mds, "travailleur_social", "referente.melun")
    compte(autre, "travailleur_social", "ts.fontainebleau")
    compte(ft, "conseiller_emploi", "conseiller.ft")
    return {"mds": mds}


def connexion(page, base, username):
    page.goto(f"{base}/comptes/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/comptes/connexion/" not in url)


def deconnexion(page):
    """At 390 px the button is in the menu: the session cookie is dropped instead."""
    page.context.clear_cookies()


@pytest.mark.parametrize("largeur", [390, 1280], ids=["mobile", "bureau"])
def test_parcours_rsa(live_server, page, axe, acteurs, largeur):
    page.set_viewport_size({"width": largeur, "height": 900})
    page.set_default_timeout(30_000)
    base = live_server.url
    CAPTURES.mkdir(parents=True, exist_ok=True)

    def capture(nom):
        page.screenshot(path=str(CAPTURES / f"{largeur}-{nom}.png"), full_page=True)

    # 1. The insertion agent imports the demo monthly file, with its bad rows.
    connexion(page, base, "insertion.77")
    page.goto(f"{base}/rsa/import/")
    page.get_by_label("Fichier mensuel de la CAF ou de la MSA").set_input_files(str(FICHIER))
    page.get_by_role("button", name="Importer").click()
    page.wait_for_selector("#rapport")
    assert int(page.locator("#rapport-nouveaux").inner_text()) > 500
    rejets = page.locator("#rejets tbody tr")
    assert rejets.count() >= 5
    assert "date non reconnue" in page.locator("#rejets").inner_text()
    axe()
    capture("1-import")

    # 2. It finds a new beneficiary of Melun, makes the diagnostic: the suggestion is explained.
    b = Beneficiaire.objects.filter(personne__commune_code="77288").order_by("pk").first()
    page.goto(f"{base}/rsa/")
    page.get_by_label("Nom ou numéro d'allocataire").fill(b.numero_allocataire)
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=f"{b.personne.prenom} {b.personne.nom}").click()
    page.wait_for_url(re.compile(r".*/rsa/beneficiaires/\d+/$"))
    dossier = page.url
    page.get_by_role("link", name="Faire le diagnostic").click()
    for libelle in (
        "Éloignée de l'emploi depuis plus de deux ans",
        "Aucune solution de déplacement",
        "Solution de garde à trouver",
        "Pas de difficulté de santé déclarée",
        "Sans logement (rue, hébergement d'urgence)",
    ):
        page.get_by_label(libelle).check(force=True)
    page.get_by_role("button", name="Enregistrer le diagnostic").click()
    page.wait_for_url(dossier)
    assert "Suggéré : sociale, parce que" in page.locator("#suggestion").inner_text()

    # 3. ... orients (sociale, MDS de Melun) and designates the référent.
    page.get_by_role("link", name="Orienter").click()
    assert page.get_by_label("Sociale").is_checked()  # the suggestion, preselected
    axe()
    page.get_by_label("Structure d'orientation").select_option(
        label="MDS de Melun (Maison départementale des solidarités (MDS))"
    )
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url(dossier)
    assert "Sociale — MDS de Melun" in page.locator("#orientation-actuelle").inner_text()
    page.get_by_role("link", name="Désigner le référent").click()
    page.get_by_label("Référent unique").select_option(label="referente.melun")
    page.get_by_role("button", name="Désigner").click()
    page.wait_for_url(dossier)
    assert "referente.melun" in page.locator("#referent-actuel").inner_text()
    capture("2-dossier-oriente")
    deconnexion(page)

    # 4. The référent invites by letter; the meeting takes place; attendance is recorded.
    connexion(page, base, "referente.melun")
    page.goto(dossier)
    page.get_by_role("link", name="Inviter à un rendez-vous").click()
    demain = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    page.get_by_label("Date et heure").fill(demain)
    page.get_by_role("radio", name="Lettre").check(force=True)
    axe()
    page.get_by_role("button", name="Inviter").click()
    page.wait_for_url(dossier)
    assert page.get_by_role("link", name="Lettre d'invitation (PDF)").count() == 1
    RendezVous.objects.filter(beneficiaire=b).update(le=timezone.now() - timedelta(hours=1))
    page.reload()
    page.get_by_label("Venu(e)").check(force=True)
    page.get_by_role("button", name="Noter la présence").click()
    page.wait_for_url(dossier)
    assert page.locator(".presence").first.inner_text() == "Venu(e)"

    # 5. ... writes a contract with two actions (a wrong date first: nothing is saved).
    page.get_by_role("link", name="Écrire un contrat").click()
    page.get_by_label("Objectifs (un par ligne)").fill(
        "Trouver un logement stable\nReprendre une formation"
    )
    page.get_by_label("Signé le").fill(timezone.localdate().isoformat())
    aujourdhui = timezone.localdate().isoformat()
    page.locator("#id_actions-0-libelle").fill("Déposer une demande de logement social")
    page.locator("#id_actions-0-debut_le").fill(aujourdhui)
    page.locator("#id_actions-1-libelle").fill("Réunion d'information sur l'aide à domicile")
    page.get_by_role("button", name="Enregistrer le contrat").click()
    assert "Action 2, début" in page.locator("#erreurs").inner_text()
    axe()
    page.locator("#id_actions-1-debut_le").fill(aujourdhui)
    page.get_by_role("button", name="Enregistrer le contrat").click()
    page.wait_for_url(re.compile(r".*/rsa/contrats/\d+/$"))
    assert page.locator("#actions tbody tr").count() == 2
    axe()
    capture("3-contrat")

    # 6. ... and starts an accompagnement global with the France Travail adviser.
    page.goto(dossier)
    page.get_by_role("link", name="Commencer un accompagnement global").click()
    page.locator("#id_travailleur_social").select_option(label="referente.melun")
    page.locator("#id_conseiller").select_option(label="conseiller.ft (France Travail Melun)")
    page.get_by_label("Plan d'action partagé").fill(
        "Trouver une place en crèche AVIP, puis immersion de deux semaines."
    )
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url(dossier)
    axe()
    capture("4-dossier-suivi")
    deconnexion(page)

    # 7. The adviser sees the shared plan (not the diagnostic).
    connexion(page, base, "conseiller.ft")
    page.goto(dossier)
    assert "crèche AVIP" in page.locator(".plan-partage").inner_text()
    assert page.locator("#suggestion").count() == 0
    capture("5-conseiller")
    deconnexion(page)

    # 8. The dashboard counts it.
    connexion(page, base, "insertion.77")
    page.goto(f"{base}/rsa/tableau-de-bord/")
    assert page.locator("#chiffre-contrats").inner_text() == "1"
    assert page.locator("#chiffre-rdv").inner_text() == "1"
    assert page.locator("#chiffre-referent").inner_text() != "— %"
    axe()
    capture("6-tableau")
    deconnexion(page)

    # 9. An agent of another MDS cannot open the file: as if it did not exist.
    connexion(page, base, "ts.fontainebleau")
    reponse = page.goto(dossier)
    assert reponse.status == 404
