"""The cache of public pages (solidarites/cache_pages.py): a hit is answered before any other
middleware, with the security headers of the stored answer; nothing personal is ever stored or
served to someone else."""

import pytest
from django.core.cache import cache

from comptes.roles import Role
from comptes.tests.factories import StructureFactory, agent
from solidarites.cache_pages import LECTURE, MISE_A_JOUR, avec_cache_des_pages


@pytest.fixture
def cache_actif(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 60
    settings.MIDDLEWARE = avec_cache_des_pages(settings.MIDDLEWARE)
    cache.clear()
    yield
    cache.clear()


def test_ordre_des_intergiciels():
    assert avec_cache_des_pages(["a", LECTURE, "b", MISE_A_JOUR]) == [
        MISE_A_JOUR,
        LECTURE,
        "a",
        "b",
    ]


@pytest.mark.django_db
def test_page_publique_servie_du_cache_avec_ses_en_tetes(
    client, cache_actif, django_assert_num_queries
):
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
