"""The cache of public pages (solidarites/cache_pages.py): a hit is answered before any other
middleware, with the security headers of the stored answer; nothing personal is ever stored or
served to someone else."""

import io

import pytest
from django.core.cache import cache

from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent
from solidarites import contenu
from solidarites.cache_pages import LECTURE, MISE_A_JOUR, avec_cache_des_pages
from solidarites.models import VersionContenu


@pytest.fixture
def cache_actif(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = avec_cache_des_pages(settings.MIDDLEWARE)
    cache.clear()
    contenu.oublier()
    yield
    cache.clear()
    contenu.oublier()


def test_ordre_des_intergiciels():
    assert avec_cache_des_pages(["a", LECTURE, "b", MISE_A_JOUR]) == [
        MISE_A_JOUR,
        LECTURE,
        "a",
        "b",
    ]


@pytest.mark.django_db
def test_page_publique_servie_du_cache_avec_ses_en_tetes(
    client, cache_actif, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(contenu, "RELECTURE", 600)  # the content version read < RELECTURE ago
    premiere = client.get("/annuaire/")
    assert premiere.status_code == 200 and not premiere.cookies
    with django_assert_num_queries(0):  # no session, no query: the stored answer
        seconde = client.get("/annuaire/")
    assert seconde.content == premiere.content
    for entete in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy"):
        assert seconde[entete] == premiere[entete]
    assert "max-age=60" in seconde["Cache-Control"]
    # The query string is part of the key.
    autre = client.get("/annuaire/?commune=77288")
    assert autre.status_code == 200 and autre.content != premiere.content


@pytest.mark.django_db
def test_rien_de_personnel_ni_de_jeton_dans_le_cache(client, cache_actif):
    assert "Se déconnecter" not in client.get("/").content.decode()  # anonymous copy stored
    client.force_login(agent(StructureFactory(), Role.ACCUEIL, "agent-cache"))
    r = client.get("/")
    assert "no-store" in r["Cache-Control"] and "private" in r["Cache-Control"]
    assert "Se déconnecter" in r.content.decode()  # the agent's page, not the anonymous copy
    r2 = client.get("/accueil/personnes/")
    assert r2.status_code == 200 and "no-store" in r2["Cache-Control"]
    client.logout()
    client.cookies.clear()
    # A form page gives each visitor their own CSRF token: never stored for the next one.
    a = client.get("/accueil/demande/")
    jeton_a = a.cookies["csrftoken"].value
    client.cookies.clear()
    b = client.get("/accueil/demande/")
    assert b.cookies["csrftoken"].value != jeton_a
    assert jeton_a.encode() not in b.content


@pytest.fixture
def anonyme():
    from django.test import Client

    return Client()


@pytest.mark.django_db
def test_fiche_modifiee_par_son_administrateur_servie_a_jour(
    client, anonyme, cache_actif, django_capture_on_commit_callbacks, settings
):
    """An administrator edits the directory card: the next anonymous GET shows the new card,
    although the old one is in the cache for 60 s (its key held the previous content version)."""
    from annuaire.models import Structure
    from annuaire.tests.factories import StructureFactory as FicheFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    s = FicheFactory(nom="CCAS de Cachan (test)", description="Ancienne description.")
    page = f"/annuaire/structures/{s.pk}/"
    assert "Ancienne description." in anonyme.get(page).content.decode()
    # The cache is on: a write that goes around the models' signals is not seen…
    Structure.objects.filter(pk=s.pk).update(description="Écrite en douce.")
    assert "Ancienne description." in anonyme.get(page).content.decode()
    # …an edit through the site is, at once.
    client.force_login(agent(s, Role.ADMINISTRATEUR))
    donnees = {
        "description": "Nouvelle description.",
        "adresse": "1 place de la Mairie",
        "code_postal": "77000",
        "telephone": "01 23 45 67 89",
        "horaires_accueil": "Mo-Fr 09:00-12:00; PH off",
    }
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/annuaire/structures/{s.pk}/modifier/", donnees)
    assert r.status_code == 302
    assert "Nouvelle description." in anonyme.get(page).content.decode()
    assert "Nouvelle description." in anonyme.get(page).content.decode()  # stored anew


@pytest.mark.django_db
def test_droit_modifie_ou_contenu_recharge_servi_a_jour(
    anonyme, cache_actif, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.management import call_command

    from droits.models import Droit
    from droits.tests.factories import DroitFactory
    from solidarites.management.commands import charger_contenus

    d = DroitFactory(slug="aide-cache", titre="Aide avant")
    page = "/droits/aide-cache/"
    assert "Aide avant" in anonyme.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        d.titre = "Aide après"
        d.save()
    assert "Aide après" in anonyme.get(page).content.decode()
    # A loader writing in bulk (no signal): the load command changes the version at its end.
    Droit.objects.filter(pk=d.pk).update(titre="Aide rechargée")
    assert "Aide après" in anonyme.get(page).content.decode()
    monkeypatch.setattr(charger_contenus, "ETAPES", [])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("charger_contenus", stdout=io.StringIO())
    assert "Aide rechargée" in anonyme.get(page).content.decode()
    # Another process changed the content: this one reads the version again within RELECTURE.
    Droit.objects.filter(pk=d.pk).update(titre="Aide d'un autre processus")
    ancienne = contenu.version()
    VersionContenu.objects.filter(pk=1).update(jeton="autre-processus")
    assert contenu.version() == ancienne  # read less than a second ago: kept
    monkeypatch.setattr(contenu, "RELECTURE", 0)
    assert contenu.version() == "autre-processus"
    assert "Aide d&#x27;un autre processus" in anonyme.get(page).content.decode()
