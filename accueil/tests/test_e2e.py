"""Done-when of issue 5, in a real browser (Chromium through Playwright).

A resident submits the online form in Melun; the MDS agent sees it, records a phone contact with
needs and a bilan code, orients to a CCAS; the CCAS partner accepts; the MDS agent sees it
accepted; an agent of another MDS cannot open the file (404, as if it did not exist) and the audit trail shows each
access.
"""

import re

import pytest

from accueil.models import Personne
from bilan.services import conserver_bilan
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, SecteurFactory, StructureFactory, agent, melun

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


DROITS_DU_BILAN = [
    {
        "slug": "rsa",
        "titre": "Revenu de solidarité active (RSA)",
        "eligible": True,
        "montant_mensuel": 412.0,
    },
    {
        "slug": "css",
        "titre": "Complémentaire santé solidaire",
        "eligible": True,
        "montant_mensuel": 0.0,
    },
    {
        "slug": "aah",
        "titre": "Allocation aux adultes handicapés",
        "eligible": False,
        "montant_mensuel": 0.0,
    },
]


@pytest.fixture
def bilan_conserve():
    """A kept bilan whose code the resident gives on the phone."""
    conserve = conserver_bilan(
        {"commune": "77288"}, {"droits": DROITS_DU_BILAN, "total_mensuel": 412.0}
    )
    return conserve.code_affiche


@pytest.fixture
def acteurs(settings, db):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    mds = StructureFactory(nom="MDS de Melun", typologie="mds")
    SecteurFactory(structure=mds, commune=melun())
    ccas = StructureFactory(nom="CCAS de Melun", typologie="ccas")
    autre = StructureFactory(nom="MDS de Provins", typologie="mds")
    agent(mds, Role.ACCUEIL, "agent.mds")
    agent(mds, Role.ADMINISTRATEUR, "admin.mds")
    agent(ccas, Role.PARTENAIRE, "partenaire.ccas")
    agent(autre, Role.ACCUEIL, "agent.provins")
    return {"mds": mds, "ccas": ccas}


def connexion(page, base, username):
    page.goto(f"{base}/comptes/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/comptes/connexion/" not in url)


def deconnexion(page):
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_url(re.compile(r"^https?://[^/]+/$"))


def test_parcours_complet(live_server, page, acteurs, bilan_conserve):
    base = live_server.url
    page.set_default_timeout(10_000)
    # 1. A resident of Melun asks to be called back.
    page.goto(f"{base}/accueil/demande/")
    page.get_by_label("Votre commune").fill("Melun")
    page.get_by_label("Logement").check(force=True)
    page.get_by_label("Budget").check(force=True)
    page.get_by_label("Votre prénom").fill("Camille")
    page.get_by_label("Votre nom").fill("Durand")
    page.get_by_label("Votre numéro de téléphone").fill("06 11 22 33 44")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r".*/demande/envoyee/$"))
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"D-[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert "MDS de Melun" in page.content()

    # 2. The MDS agent sees it, creates the file, records the phone contact with the bilan code.
    connexion(page, base, "agent.mds")
    page.get_by_role("link", name=reference, exact=True).click()
    page.wait_for_url(re.compile(r".*/accueil/demandes/\d+/$"))
    page.get_by_role("link", name="Créer le dossier et enregistrer le contact").click()
    page.get_by_label("Date de naissance", exact=True).fill("1984-03-12")
    for partie in ("Identité", "Coordonnées", "Besoins exprimés", "Droits identifiés"):
        page.get_by_label(re.compile(f"^{partie}")).check(force=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r".*/contacts/nouveau/.*"))
    assert page.get_by_label("Téléphone").is_checked()
    assert page.get_by_label("Logement").is_checked()
    page.get_by_label("Emploi").check(force=True)
    page.get_by_label("Code d'un bilan d'accès aux droits").fill(bilan_conserve)
    page.get_by_label("Conseils donnés").fill("Demande de RSA à faire ; CSS.")
    page.get_by_label("Suite prévue").fill("Orientation vers le CCAS pour l'aide d'urgence.")
    page.get_by_role("button", name="Enregistrer le contact").click()
    page.wait_for_url(re.compile(r".*/accueil/personnes/\d+/$"))
    dossier_url = page.url
    assert "Revenu de solidarité active" in page.locator(".droits-identifies").inner_text()
    personne = Personne.objects.get()
    assert personne.contacts.get().canal == "telephone"

    # 3. ... and orients the person to the CCAS.
    page.get_by_role("link", name="Orienter").click()
    page.get_by_label("Orienter vers").select_option(label="CCAS de Melun")
    page.get_by_label("Motif de l'orientation").fill("Aide alimentaire d'urgence.")
    page.get_by_role("button", name="Envoyer l'orientation").click()
    page.wait_for_url(dossier_url)
    assert "Envoyée" in page.content()
    deconnexion(page)

    # 4. The CCAS partner accepts from its queue.
    connexion(page, base, "partenaire.ccas")
    # The queue names the person, since the identity was shared with the CCAS.
    page.get_by_role("link", name=re.compile(r"Durand .*orientation n° \d+")).click()
    page.wait_for_url(re.compile(r".*/accueil/orientations/\d+/$"))
    assert "Durand" in page.content()
    page.get_by_label("Accepter").check(force=True)
    page.get_by_label("Commentaire pour la structure qui oriente").fill("Rendez-vous jeudi 10 h.")
    page.get_by_role("button", name="Enregistrer la réponse").click()
    page.wait_for_load_state()
    assert page.locator("#statut-orientation").text_content() == "Acceptée"
    deconnexion(page)

    # 5. The MDS agent sees it accepted.
    connexion(page, base, "agent.mds")
    assert page.locator("#orientations-envoyees + .fr-table").get_by_text("Acceptée").is_visible()
    deconnexion(page)

    # 6. An agent of another MDS cannot open the file.
    connexion(page, base, "agent.provins")
    reponse = page.goto(dossier_url)
    assert reponse.status == 404
    assert "Durand" not in page.content()
    deconnexion(page)

    # 7. The audit trail shows each access.
    connexion(page, base, "admin.mds")
    page.goto(f"{base}/comptes/audit/?personne_id={personne.pk}")
    tableau = page.locator("table").inner_text()
    for attendu in (
        "agent.mds",
        "partenaire.ccas",
        "agent.provins",
        "Création",
        "Consultation",
        "Orientation",
        "Réponse à une orientation",
        "Accès refusé",
    ):
        assert attendu in tableau, attendu
    assert "Durand" not in tableau
    actions = set(
        EvenementAudit.objects.filter(personne_id=personne.pk).values_list("identifiant", "action")
    )
    assert ("agent.provins", "refus") in actions
    assert ("partenaire.ccas", "reponse") in actions
