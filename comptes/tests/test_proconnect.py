"""ProConnect against a real OpenID Connect provider started by the tests.

`oidc-provider-mock` (PyPI) is a real OpenID Connect server (authlib): discovery, authorization
code, token endpoint with RS256 id_tokens, JWKS, userinfo, end-session. It runs on a free
loopback port in a thread; the Django test client plays the browser on the platform's side and
httpx the agent's choice on the provider's page. Nothing of mozilla-django-oidc is mocked.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from oidc_provider_mock import run_server_in_thread

from annuaire.tests.factories import StructureFactory
from comptes.models import DemandeAcces, EvenementAudit, Membre
from comptes.roles import Role
from comptes.tests.factories import agent

SIRET = "22770001000019"


@pytest.fixture(scope="module")
def fournisseur():
    """The OIDC provider, on 127.0.0.1 (port chosen by the system), for the module."""
    ancien = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # loopback HTTP, as in development
    try:
        with run_server_in_thread(port=0) as serveur:
            yield f"http://localhost:{serveur.server_port}"
    finally:
        if ancien is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = ancien


@pytest.fixture
def proconnect(settings, fournisseur):
    """The platform configured as in production, pointed at the local provider."""
    settings.PROCONNECT_ACTIF = True
    settings.OIDC_RP_CLIENT_ID = "solidarites-test"
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{fournisseur}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{fournisseur}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{fournisseur}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{fournisseur}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{fournisseur}/oauth2/end_session"
    # The provider only knows standard scopes: "profile" brings given_name (ProConnect has
    # its own given_name scope); usual_name and siret are sent whatever the scope.
    settings.OIDC_RP_SCOPES = "openid email profile given_name usual_name siret uid"
    # This provider signs with its only key and names no "kid" in the token's header; the
    # signature is still verified against its JWKS (production keeps the kid check on).
    settings.OIDC_VERIFY_KID = False
    return fournisseur


def identite(fournisseur, sub, **claims):
    """Declares the agent's identity at the provider (its user database)."""
    r = httpx.put(f"{fournisseur}/users/{sub}", json=claims)
    assert r.status_code == 204, r.text


def se_connecter(client: Client, fournisseur: str, sub: str):
    """The full authorization-code flow; returns the platform's answer to the callback."""
    depart = client.get("/comptes/proconnect/connexion/")
    assert depart.status_code == 302
    autorisation = depart["Location"]
    assert autorisation.startswith(f"{fournisseur}/oauth2/authorize?")
    params = parse_qs(urlsplit(autorisation).query)
    assert params["client_id"] == ["solidarites-test"] and params["nonce"][0]
    # The agent authenticates at the provider (its page: a form that posts the subject).
    page = httpx.get(autorisation)
    assert page.status_code == 200
    choix = httpx.post(autorisation, data={"sub": sub})
    assert choix.status_code == 302, choix.text
    retour = urlsplit(choix.headers["location"])
    assert retour.path == "/comptes/proconnect/retour/"
    assert "code" in parse_qs(retour.query)
    return client.get(f"{retour.path}?{retour.query}")


def messages_de(reponse):
    return [str(m) for m in get_messages(reponse.wsgi_request)]


@pytest.mark.django_db
def test_agent_connu_par_son_courriel_connecte_avec_son_role(proconnect):
    structure = StructureFactory()
    user = agent(structure, Role.TRAVAILLEUR_SOCIAL, "camille.martin")
    user.email = "Camille.Martin@departement77.fr"
    user.save()
    identite(
        proconnect,
        "pc-camille",
        email="camille.martin@departement77.fr",
        given_name="Camille",
        usual_name="Martin",
        siret=SIRET,
    )
    client = Client()
    r = se_connecter(client, proconnect, "pc-camille")
    assert r.status_code == 302 and r["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["oidc_id_token"]  # kept for the logout
    assert client.get("/comptes/").status_code == 200  # logged in, with its structure
    assert DemandeAcces.objects.count() == 0


@pytest.mark.django_db
def test_inconnu_demande_enregistree_aucun_compte_puis_approuvee_par_l_administrateur(
    proconnect,
):
    structure = StructureFactory(siret=SIRET, nom="MDS de Melun")
    admin = agent(structure, Role.ADMINISTRATEUR, "admin.mds")
    admin_autre = agent(StructureFactory(siret="12345678900011"), Role.ADMINISTRATEUR)
    comptes_avant = get_user_model().objects.count()
    identite(
        proconnect,
        "pc-lea",
        email="lea.durand@departement77.fr",
        given_name="Léa",
        usual_name="Durand",
        siret=SIRET,
    )
    client = Client()
    r = se_connecter(client, proconnect, "pc-lea")
    # No account, nothing logged in: an access request, said to the person in French.
    assert r.status_code == 302 and r["Location"] == "/comptes/connexion/"
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == comptes_avant
    demande = DemandeAcces.objects.get()
    assert (demande.courriel, demande.prenom, demande.nom, demande.siret) == (
        "lea.durand@departement77.fr",
        "Léa",
        "Durand",
        SIRET,
    )
    assert demande.structure == structure and demande.statut == "en_attente"
    assert "demande d'accès est enregistrée" in messages_de(r)[0]
    assert "MDS de Melun" in messages_de(r)[0]
    # A second try does not duplicate the request.
    se_connecter(Client(), proconnect, "pc-lea")
    assert DemandeAcces.objects.count() == 1

    # Another structure's administrator does not see it (404, refusal audited).
    autre = Client()
    autre.force_login(admin_autre)
    assert "Durand" not in autre.get("/comptes/demandes-acces/").content.decode()
    assert autre.get(f"/comptes/demandes-acces/{demande.pk}/").status_code == 404
    assert EvenementAudit.objects.filter(action="refus", objet="demande_acces").exists()

    # The structure's administrator approves it with a role; a missing role is refused.
    gestion = Client()
    gestion.force_login(admin)
    assert "Léa Durand" in gestion.get("/comptes/demandes-acces/").content.decode()
    url = f"/comptes/demandes-acces/{demande.pk}/"
    r = gestion.post(url, {"decision": "approuver", "role": "", "structure": structure.pk})
    assert r.status_code == 200 and "Choisissez le rôle du compte." in r.content.decode()
    assert get_user_model().objects.count() == comptes_avant
    r = gestion.post(
        url, {"decision": "approuver", "role": "travailleur_social", "structure": structure.pk}
    )
    assert r.status_code == 302
    membre = Membre.objects.get(utilisateur__email="lea.durand@departement77.fr")
    assert (membre.structure, membre.role) == (structure, "travailleur_social")
    assert not membre.utilisateur.has_usable_password()  # ProConnect only
    demande.refresh_from_db()
    assert demande.statut == "approuvee" and demande.traitee_par == admin
    assert EvenementAudit.objects.filter(
        action="creation", objet="compte", objet_id=membre.utilisateur_id, utilisateur=admin
    ).exists()

    # Now the same ProConnect identity logs in, with that role.
    client = Client()
    r = se_connecter(client, proconnect, "pc-lea")
    assert int(client.session["_auth_user_id"]) == membre.utilisateur_id


@pytest.mark.django_db
def test_administrateur_n_accorde_que_sa_structure_et_refus(proconnect):
    structure = StructureFactory(siret=SIRET)
    admin = agent(structure, Role.ADMINISTRATEUR)
    ailleurs = StructureFactory()
    demande = DemandeAcces.objects.create(courriel="x@exemple.fr", structure=structure)
    c = Client()
    c.force_login(admin)
    url = f"/comptes/demandes-acces/{demande.pk}/"
    r = c.post(url, {"decision": "approuver", "role": "accueil", "structure": ailleurs.pk})
    assert r.status_code == 200 and "Sélectionnez un choix valide" in r.content.decode()
    assert not Membre.objects.filter(structure=ailleurs).exists()
    assert c.post(url, {"decision": "refuser"}).status_code == 302
    demande.refresh_from_db()
    assert demande.statut == "refusee" and demande.compte is None
    # A processed request is not processed twice.
    r = c.post(url, {"decision": "approuver", "role": "accueil", "structure": structure.pk})
    assert r.status_code == 302 and not Membre.objects.filter(role="accueil").exists()


@pytest.mark.django_db
def test_compte_desactive_ou_ambigu_refuse_sans_demande(proconnect):
    structure = StructureFactory()
    inactif = agent(structure, Role.ACCUEIL)
    inactif.email, inactif.is_active = "ancien@exemple.fr", False
    inactif.save()
    for _ in (1, 2):
        u = agent(structure, Role.ACCUEIL)
        u.email = "partage@exemple.fr"
        u.save()
    identite(proconnect, "pc-ancien", email="ancien@exemple.fr")
    identite(proconnect, "pc-partage", email="partage@exemple.fr")
    c = Client()
    r = se_connecter(c, proconnect, "pc-ancien")
    assert "_auth_user_id" not in c.session and "désactivé" in messages_de(r)[0]
    c = Client()
    r = se_connecter(c, proconnect, "pc-partage")
    assert "_auth_user_id" not in c.session and "Plusieurs comptes" in messages_de(r)[0]
    assert DemandeAcces.objects.count() == 0


@pytest.mark.django_db
def test_deconnexion_termine_aussi_la_session_proconnect(proconnect):
    user = agent(StructureFactory(), Role.ACCUEIL)
    user.email = "sacha@exemple.fr"
    user.save()
    identite(proconnect, "pc-sacha", email="sacha@exemple.fr")
    client = Client()
    se_connecter(client, proconnect, "pc-sacha")
    id_token = client.session["oidc_id_token"]
    r = client.post("/comptes/deconnexion/")
    assert "_auth_user_id" not in client.session  # the local session is over
    fin = urlsplit(r["Location"])
    assert f"{fin.scheme}://{fin.netloc}{fin.path}" == f"{proconnect}/oauth2/end_session"
    params = parse_qs(fin.query)
    assert params["id_token_hint"] == [id_token]
    assert params["post_logout_redirect_uri"] == ["http://testserver/comptes/connexion/"]
    # The provider accepts it and sends the agent back to the login page.
    assert httpx.get(r["Location"]).status_code == 200
    confirme = httpx.post(
        f"{proconnect}/oauth2/end_session/confirm",
        data={"redirect_uri": params["post_logout_redirect_uri"][0]},
    )
    assert confirme.status_code == 302
    assert confirme.headers["location"].startswith("http://testserver/comptes/connexion/")


@pytest.mark.django_db
def test_sans_configuration_proconnect_absent(settings, client):
    settings.PROCONNECT_ACTIF = False
    page = client.get("/comptes/connexion/").content.decode()
    assert "ProConnect" not in page.split("<main", 1)[-1].split("</main>")[0]
    assert client.get("/comptes/proconnect/connexion/").status_code == 404
    assert client.get("/comptes/proconnect/retour/?code=x&state=y").status_code == 404


@pytest.mark.django_db
def test_bouton_proconnect_sur_la_page_de_connexion(proconnect, client):
    page = client.get("/comptes/connexion/?next=/accueil/").content.decode()
    assert 'href="/comptes/proconnect/connexion/?next=/accueil/"' in page
    assert "S'identifier avec" in page and "/static/img/proconnect.svg" in page
