"""Dans un vrai navigateur (Chromium) : la direction du pilotage change le statut d'un
engagement et la page publique suit ; une association renseigne l'indicateur de sa convention ;
chaque page du pilotage passe axe-core à 390 px et à 1 280 px (violations modérées comprises)."""

import re

import pytest
from playwright.sync_api import expect

from annuaire.models import Structure
from annuaire.tests.factories import StructureFactory
from chiffres.tests.demo import charger, compte
from comptes.tests.factories import MOT_DE_PASSE
from conventions.models import Convention, IndicateurConvention, Releve
from engagements.models import Engagement
from participation.models import Comite, Evenement, Proposition, Reunion

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rapide(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def connexion(page, base, username):
    page.goto(f"{base}/comptes/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/comptes/connexion/" not in url)


def compte_affiche(page, cle, etat) -> int:
    return int(page.locator(f'[data-decompte="{cle}"] [data-compte="{etat}"]').inner_text())


def test_statut_change_la_page_suit_et_pages_accessibles(live_server, page, axe, rapide):
    charger(("94",))
    base = live_server.url
    pil = StructureFactory(
        typologie="departement",
        commune_id="94028",
        departement_id="94",
        nom="Direction du pilotage (test)",
    )
    compte(pil, "pilotage", "pilotage.94")
    e7 = Engagement.objects.get(schema__cle="94-etats-generaux-2016", numero=7)

    page.goto(f"{base}/engagements/94/")
    assert compte_affiche(page, "94-etats-generaux-2016", "tenu") == 5
    assert compte_affiche(page, "94-etats-generaux-2016", "en_cours") == 3

    connexion(page, base, "pilotage.94")
    page.goto(f"{base}/engagements/engagement/{e7.pk}/")
    page.get_by_role("link", name="Changer le statut").click()
    axe.largeurs(page.url, moderes=True)
    page.get_by_label("Nouveau statut").select_option("tenu")
    page.get_by_role("textbox", name=re.compile(r"^Preuve")).fill(
        "Conférence locale de 2026 : plan d'inclusion numérique adopté."
    )
    page.get_by_role("button", name="Enregistrer le changement").click()
    page.wait_for_url(re.compile(r".*/engagements/94/$"))
    expect(page.get_by_role("status")).to_contain_text("tenu")
    assert compte_affiche(page, "94-etats-generaux-2016", "tenu") == 6
    assert compte_affiche(page, "94-etats-generaux-2016", "en_cours") == 2
    page.goto(f"{base}/engagements/engagement/{e7.pk}/")
    expect(page.locator("table")).to_contain_text("plan d'inclusion numérique adopté")

    vitry = Comite.objects.get(structure__identifiant="solidarites-demo--94-eds-vitry")
    conf = Evenement.objects.get(cle="94-conference-locale-demo")
    publiques = [
        "/engagements/",
        "/engagements/94/",
        "/engagements/77/",
        f"/engagements/engagement/{e7.pk}/",
        "/chiffres/",
        "/chiffres/94/",
        "/chiffres/94/?tri=nom",
        "/participation/",
        f"/participation/comites/{vitry.pk}/",
        f"/participation/comites/{vitry.pk}/rejoindre/",
        f"/participation/evenements/{conf.pk}/",
    ]
    for chemin in publiques:
        axe.largeurs(base + chemin, moderes=True)
        assert page.locator("h1").count() == 1, chemin
    # le formulaire public en erreur, puis envoyé
    page.goto(f"{base}/participation/comites/{vitry.pk}/rejoindre/")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator(".fr-error-text").first).to_be_visible()
    axe(moderes=True)
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_text("Par courrier, à l'accueil de l'espace").click()
    page.get_by_text("J'accepte que l'espace").click()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(re.compile(r".*/participation/merci/$"))
    axe(moderes=True)

    # pages de gestion (pilotage du 94)
    r = Reunion.objects.filter(comite=vitry).first()
    p = Proposition.objects.filter(comite=vitry).first()
    for chemin in [
        "/participation/gestion/",
        f"/participation/gestion/comites/{vitry.pk}/",
        f"/participation/gestion/reunions/{r.pk}/",
        f"/participation/gestion/propositions/{p.pk}/",
        f"/participation/gestion/evenements/{conf.pk}/",
        "/conventions/",
    ]:
        axe.largeurs(base + chemin, moderes=True)
        assert page.locator("h1").count() == 1, chemin


def test_une_association_renseigne_son_indicateur(live_server, page, axe, rapide):
    charger(("77", "71"), activite=False)
    base = live_server.url
    compte(
        Structure.objects.get(identifiant="solidarites-demo--77-hand-aura"),
        "partenaire",
        "handaura",
    )
    pil = StructureFactory(typologie="departement", commune_id="77288", departement_id="77")
    compte(pil, "pilotage", "pilotage.77")
    c = Convention.objects.get(cle="77-hand-aura")
    ind = IndicateurConvention.objects.get(convention=c)

    connexion(page, base, "handaura")
    page.goto(f"{base}/conventions/")
    axe.largeurs(page.url, moderes=True)
    page.get_by_role("link", name="Convention de partenariat avec Hand'Aura").click()
    axe.largeurs(page.url, moderes=True)
    page.get_by_role("link", name=re.compile("Renseigner une valeur")).click()
    axe.largeurs(page.url, moderes=True)
    page.get_by_label("Année").fill("2025")
    page.get_by_label("Valeur").fill("117")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(rf".*/conventions/{c.pk}/$"))
    expect(page.locator('[data-releve="2025"]')).to_contain_text("117")
    assert Releve.objects.get(indicateur=ind, annee=2025).valeur == 117

    page.context.clear_cookies()
    connexion(page, base, "pilotage.77")
    for chemin in ["/conventions/", "/conventions/montants/", f"/conventions/{c.pk}/"]:
        axe.largeurs(base + chemin, moderes=True)
        assert page.locator("h1").count() == 1, chemin
