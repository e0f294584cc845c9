import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from droits.models import Droit


def liens_droits(html: str) -> list[str]:
    return re.findall(r'href="/droits/([a-z0-9-]+)/"', html)


@pytest.fixture
def client_public(client, droits_test):
    return client


def test_accueil(client_public):
    r = client_public.get("/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'action="/droits/recherche/"' in html and 'name="q"' in html
    assert 'href="/droits/theme/logement-hebergement/"' in html
    assert 'href="/bilan/"' in html and 'href="/annuaire/"' in html
    populaires = set(Droit.objects.filter(populaire=True).values_list("slug", flat=True))
    assert populaires <= set(liens_droits(html))
    assert "css" not in liens_droits(html)  # not among the most asked
    # #16: the residents' needs first (not job-search categories), shortcuts to the bilan,
    # the directory and the call-back form.
    themes = re.findall(r'href="/droits/theme/([a-z-]+)/"', html)
    rangs = {t: i for i, t in enumerate(themes)}
    if "trouver-un-emploi" in rangs:
        assert rangs["logement-hebergement"] < rangs["trouver-un-emploi"]
    assert 'href="/accueil/demande/"' in html and "Être rappelé(e)" in html


def test_recherche_garde_la_requete_et_classe(client_public):
    r = client_public.get("/droits/recherche/", {"q": "je n'arrive plus à payer mon loyer"})
    html = r.content.decode()
    assert r.status_code == 200
    assert 'value="je n&#x27;arrive plus à payer mon loyer"' in html
    assert set(liens_droits(html)[:2]) == {"fsl", "aide-logement"}
    assert "Une aide du département en cas d" in html  # the summary is shown


def test_recherche_vide_et_sans_resultat(client_public):
    vide = client_public.get("/droits/recherche/", {"q": ""}).content.decode()
    assert "Écrivez ce qui vous arrive" in vide
    rien = client_public.get("/droits/recherche/", {"q": "xylophone"}).content.decode()
    assert "Aucun droit ne correspond à « xylophone »" in rien
    assert "fsl" in liens_droits(rien)  # the most asked rights are proposed instead


def test_departement_memorise_en_session(client_public):
    r = client_public.get("/droits/recherche/", {"q": "impayé de loyer", "departement": "94"})
    assert "fsl-94" in liens_droits(r.content.decode())
    assert client_public.session["droits_departement"] == "94"
    # Later pages keep the choice.
    r = client_public.get("/droits/recherche/", {"q": "impayé de loyer"})
    html = r.content.decode()
    assert "fsl-94" in liens_droits(html) and '<option value="94" selected>' in html
    r = client_public.get("/droits/")
    assert "pass-le-cap" not in liens_droits(r.content.decode())
    # An empty choice forgets it.
    client_public.get("/droits/", {"departement": ""})
    assert "droits_departement" not in client_public.session


def test_departement_inconnu_ignore(client_public):
    r = client_public.get("/droits/", {"departement": "13"})
    assert r.status_code == 200
    assert "droits_departement" not in client_public.session


def test_liste_filtres(client_public):
    html = client_public.get("/droits/", {"departement": "77"}).content.decode()
    slugs = set(liens_droits(html))
    assert {"pass-le-cap", "fsl", "rsa"} <= slugs
    assert not {"fsl-94", "aides-financieres-71"} & slugs
    html = client_public.get("/droits/", {"theme": "sante", "departement": ""}).content.decode()
    assert set(liens_droits(html)) == {"css", "pch"}


def test_page_theme(client_public):
    html = client_public.get("/droits/theme/logement-hebergement/").content.decode()
    assert {"fsl", "aide-logement"} <= set(liens_droits(html))
    assert client_public.get("/droits/theme/inconnu/").status_code == 404


def test_page_droit(client_public):
    r = client_public.get("/droits/fsl/", {"commune": "94028"})
    html = r.content.decode()
    assert r.status_code == 200
    assert r.context["commune"] == "94028"
    for texte in [
        "Ce que ça vous apporte",
        "Pour qui ?",
        "Les conditions",
        "Les documents à préparer",
        "Comment faire la demande",
        "Où s'adresser ?",
        "Sources",
        "Informations vérifiées le 20 novembre 2026",
        "Voir aussi",
        "Fonds de solidarité habitat du Val-de-Marne",  # its local version
    ]:
        assert texte in html, texte
    assert (
        html.index("Où s'adresser ?") < html.index("<!-- ou_s_adresser -->") < html.index("Sources")
    )


def test_page_droit_version_locale_signalee(client_public):
    client_public.get("/droits/", {"departement": "94"})
    html = client_public.get("/droits/fsl/").content.decode()
    assert "Dans votre département (Val-de-Marne), cette aide a sa propre page" in html


def test_brouillon_invisible_au_public(client_public):
    Droit.objects.filter(slug="css").update(statut=Droit.Statut.BROUILLON)
    assert client_public.get("/droits/css/").status_code == 404
    assert client_public.get("/droits/inconnu/").status_code == 404
    staff = User.objects.create_user("redac", password="x", is_staff=True)
    client_public.force_login(staff)
    assert "Brouillon" in client_public.get("/droits/css/").content.decode()


def test_page_a_reverifier_reservee_aux_agents(client_public):
    url = reverse("droits:a_reverifier")
    assert client_public.get(url).status_code == 302
    Droit.objects.filter(slug="rsa").update(verifie_le="2025-01-01")
    assert "À revérifier" not in client_public.get("/droits/rsa/").content.decode()
    staff = User.objects.create_user("redac", password="x", is_staff=True)
    client_public.force_login(staff)
    html = client_public.get(url).content.decode()
    assert "rsa" in liens_droits(html) and "css" not in liens_droits(html)
    assert "À revérifier" in client_public.get("/droits/rsa/").content.decode()
    assert "À revérifier" not in client_public.get("/droits/css/").content.decode()
