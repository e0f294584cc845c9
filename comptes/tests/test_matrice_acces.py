"""The access matrix: every role, in every structure where it has accounts (COMPTES_PAR_ROLE),
against every row (page or API endpoint) that the apps declare in `<app>/tests/acces.py`.

Role-level refusals answer 403 (with a French message); an object the account's structure may
not see answers 404, exactly as if it did not exist. See comptes/tests/matrice.py and
docs/modules/comptes.md (adding a role, adding rows)."""

from __future__ import annotations

import json

import pytest

from comptes.roles import Role
from comptes.tests.matrice import (
    COMPTES,
    COMPTES_PAR_ROLE,
    appeler,
    construire_monde,
    modules_acces,
)

MODULES = list(modules_acces())
LIGNES = [(m.__name__.split(".")[0], ligne) for m in MODULES for ligne in m.LIGNES]


@pytest.fixture
def monde(db):
    monde = construire_monde()
    objets, traces = {}, {}
    for module in MODULES:
        crees = dict(module.objets(monde))
        traces[module.__name__.split(".")[0]] = crees.pop("_traces", [])
        objets.update(crees)
    return monde | {"objets": objets, "traces": traces}


def texte(r) -> str:
    if r["Content-Type"].startswith("application/json"):
        return json.dumps(r.json(), ensure_ascii=False)
    return r.content.decode()


def test_chaque_role_a_ses_comptes():
    manquants = [r.value for r in Role if r not in COMPTES_PAR_ROLE]
    assert not manquants, (
        f"Rôles sans comptes dans la matrice d'accès : {manquants}. Ajoutez une ligne à "
        "COMPTES_PAR_ROLE (comptes/tests/matrice.py) : le rôle et les structures de ses comptes."
    )


def test_les_applications_declarent_leurs_lignes():
    apps = {app for app, _ in LIGNES}
    assert {"accueil", "comptes", "depistage"} <= apps


@pytest.mark.parametrize("compte", COMPTES, ids=[c.cle for c in COMPTES])
def test_matrice(client, monde, compte):
    """One account against every row (one set-up per account keeps it fast)."""
    client.force_login(monde["comptes"][compte.cle])
    ecarts = []
    for app, ligne in LIGNES:
        adresse = ligne.url.format(**monde["objets"])
        r = appeler(client, ligne, monde["objets"])
        attendu = ligne.attendu(compte)
        if r.status_code != attendu:
            ecarts.append((ligne.nom, r.status_code, attendu))
            continue
        api = adresse.startswith("/api/")
        if api and r.status_code == 403 and not r.json().get("detail"):
            ecarts.append((ligne.nom, "403 sans message"))
        if api and r.status_code == 404 and r.json() != {"detail": "Ressource introuvable."}:
            ecarts.append((ligne.nom, "404 qui en dit trop", r.json()))
        if r.status_code == 200 and ligne.montre is not None:
            # Lists never show an object to a structure that may not see it.
            corps = texte(r)
            visible = any(str(t) in corps for t in monde["traces"][app])
            if visible != ligne.montre(compte):
                ecarts.append((ligne.nom, "visible" if visible else "absent"))
    assert ecarts == [], compte.cle


def test_anonyme(client, monde):
    """Not logged in: pages redirect to the login page, the API answers 401 in JSON."""
    ecarts = []
    for _, ligne in LIGNES:
        adresse = ligne.url.format(**monde["objets"])
        r = appeler(client, ligne, monde["objets"])
        if adresse.startswith("/api/"):
            ok = r.status_code == 401 and r.json() == {"detail": "Authentification requise."}
        else:
            ok = r.status_code == 302 and r.url.startswith("/comptes/connexion/")
        if not ok:
            ecarts.append((ligne.nom, r.status_code))
    assert ecarts == []
