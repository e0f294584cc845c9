"""Passwords (issue 18): change by the agent, reset by the structure's administrator."""

import pytest

from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, StructureFactory, agent

pytestmark = pytest.mark.django_db
NOUVEAU = "un-nouveau-mot-de-passe-tres-long-2026"


def test_un_agent_change_son_mot_de_passe(client):
    user = agent(StructureFactory(typologie="mds"), Role.ACCUEIL, "agent-mdp")
    client.force_login(user)
    r = client.post(
        "/comptes/mot-de-passe/",
        {"old_password": "faux", "new_password1": NOUVEAU, "new_password2": NOUVEAU},
    )
    assert r.status_code == 200 and "actuel est incorrect" in r.content.decode()
    r = client.post(
        "/comptes/mot-de-passe/",
        {"old_password": MOT_DE_PASSE, "new_password1": NOUVEAU, "new_password2": NOUVEAU},
    )
    assert r.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NOUVEAU)
    assert client.get("/comptes/").status_code == 200  # still logged in


def test_un_administrateur_reinitialise_un_compte_de_sa_structure(client):
    s = StructureFactory(typologie="mds")
    cible = agent(s, Role.ACCUEIL, "agent-oublieux")
    autre = agent(StructureFactory(typologie="mds"), Role.ACCUEIL, "agent-ailleurs")
    client.force_login(agent(s, Role.ACCUEIL, "agent-simple"))
    assert client.post(f"/comptes/membres/{cible.membre.pk}/reinitialiser/").status_code == 403
    client.force_login(agent(s, Role.ADMINISTRATEUR, "admin-mdp"))
    assert client.post(f"/comptes/membres/{autre.membre.pk}/reinitialiser/").status_code == 404
    r = client.post(f"/comptes/membres/{cible.membre.pk}/reinitialiser/")
    assert r.status_code == 200
    lien = r.context["lien"].replace("http://testserver", "")
    cible.refresh_from_db()
    assert not cible.check_password(MOT_DE_PASSE)  # the old one stops at once
    client.logout()
    r = client.get(lien, follow=True)
    r = client.post(r.redirect_chain[-1][0], {"new_password1": NOUVEAU, "new_password2": NOUVEAU})
    assert r.status_code == 302
    cible.refresh_from_db()
    assert cible.check_password(NOUVEAU)
    assert client.get(lien, follow=True).context["validlink"] is False  # one use only


def test_bascule_mal_formee_sans_erreur_500(client):
    s = StructureFactory(typologie="mds")
    client.force_login(agent(s, Role.ADMINISTRATEUR, "admin-bascule"))
    assert client.post("/comptes/membres/", {"basculer": "abc"}).status_code == 404
