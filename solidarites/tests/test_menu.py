"""The agents' menu (#16): agents get their own menu, with only the pages their role opens."""

import re
from html import unescape

import pytest

from annuaire.tests.factories import StructureFactory
from comptes.roles import Role
from comptes.tests.factories import agent


def menu(html: str) -> list[str]:
    nav = html[
        html.index('id="navigation-principale"') : html.index(
            "</nav>", html.index('id="navigation-principale"')
        )
    ]
    return [
        unescape(t) for t in re.findall(r'class="fr-nav__link" href="[^"]*"[^>]*>([^<]+)</a>', nav)
    ]


@pytest.fixture
def mds(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return StructureFactory(nom="MDS", typologie="mds")


def test_public(client, db):
    assert menu(client.get("/").content.decode())[:2] == ["Vos droits", "Faire un bilan"]


def test_agent_d_accueil(client, mds):
    client.force_login(agent(mds, Role.ACCUEIL))
    entrees = menu(client.get("/accueil/").content.decode())
    assert entrees[0] == "File d'attente" and "Dossiers" in entrees and entrees[-1] == "Site public"
    assert "Fiche de ma structure" not in entrees and "Vos droits" not in entrees
    # The current page is marked.
    assert (
        'href="/accueil/" aria-current="page">File d&#x27;attente'
        in client.get("/accueil/").content.decode()
    )


def test_administrateur(client, mds):
    client.force_login(agent(mds, Role.ADMINISTRATEUR))
    entrees = menu(client.get("/comptes/").content.decode())
    assert "Fiche de ma structure" in entrees and "Membres" in entrees
    # Every entry opens (no menu link answers 403).
    html = client.get("/comptes/").content.decode()
    nav = html[html.index('id="navigation-principale"') :]
    for url in re.findall(r'class="fr-nav__link" href="([^"]+)"', nav)[:12]:
        assert client.get(url).status_code in (200, 302), url
