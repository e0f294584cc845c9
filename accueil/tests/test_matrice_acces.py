"""The access matrix: every role of two structures (and a partner that received an
orientation) against every page and API endpoint that shows personal data."""

import json

import pytest

from comptes.models import EvenementAudit
from comptes.roles import Role

ROLES = [r.value for r in Role]
AGENTS = {"accueil", "travailleur_social", "partenaire"}

# (name, method, url template, kind): kind "lecture" = readable by holder + shared structure,
# "ecriture" = holder only, "file" = any agent (own structure's data only).
PAGES = [
    ("dossier", "get", "/accueil/personnes/{personne}/", "lecture"),
    ("orientation", "get", "/accueil/orientations/{orientation}/", "lecture"),
    ("modifier dossier", "get", "/accueil/personnes/{personne}/modifier/", "ecriture"),
    ("nouveau contact", "get", "/accueil/personnes/{personne}/contacts/nouveau/", "ecriture"),
    ("modifier contact", "get", "/accueil/contacts/{contact}/modifier/", "ecriture"),
    ("orienter", "get", "/accueil/personnes/{personne}/orienter/", "ecriture"),
    ("export json", "get", "/accueil/personnes/{personne}/export.json", "ecriture"),
    ("export csv", "get", "/accueil/personnes/{personne}/export.csv", "ecriture"),
    ("liste des dossiers", "get", "/accueil/personnes/", "file"),
    ("nouveau dossier", "get", "/accueil/personnes/nouvelle/", "formulaire"),
]
API = [
    ("api dossier", "get", "/api/v1/accueil/personnes/{personne}", "lecture"),
    ("api orientation", "get", "/api/v1/accueil/orientations/{orientation}", "lecture"),
    ("api export", "get", "/api/v1/accueil/personnes/{personne}/export", "ecriture"),
    ("api contact", "get", "/api/v1/accueil/contacts/{contact}", "ecriture"),
    ("api liste", "get", "/api/v1/accueil/personnes", "file"),
    ("api orientations", "get", "/api/v1/accueil/orientations", "file"),
    ("api file", "get", "/api/v1/accueil/file", "file"),
]
COMPTES = [f"A.{r}" for r in ROLES] + [f"B.{r}" for r in ROLES] + ["ccas.partenaire"]


def attendu(compte: str, kind: str, api: bool) -> int:
    structure, role = compte.split(".")
    if role not in AGENTS:
        return 403
    if kind in ("file", "formulaire"):
        return 200
    if structure == "A":
        return 200
    if structure == "ccas" and kind == "lecture":
        return 200
    return 403


def mentionne(r, personne) -> bool:
    if r["Content-Type"].startswith("application/json"):
        texte = json.dumps(r.json())
        return f'"personne_id": {personne.pk}' in texte or personne.reference in texte
    return personne.nom in r.content.decode()


@pytest.mark.parametrize("compte", COMPTES)
def test_matrice(client, monde, compte):
    """One account against every page and endpoint (one set-up per account keeps it fast)."""
    client.force_login(monde["comptes"][compte])
    ecarts = []
    for nom, methode, url, kind in PAGES + API:
        adresse = url.format(
            personne=monde["personne"].pk,
            orientation=monde["orientation"].pk,
            contact=monde["contact"].pk,
        )
        api = adresse.startswith("/api/")
        r = getattr(client, methode)(adresse)
        if r.status_code != attendu(compte, kind, api):
            ecarts.append((nom, r.status_code, attendu(compte, kind, api)))
            continue
        if api and r.status_code == 403 and not r.json().get("detail"):
            ecarts.append((nom, "403 sans message"))
        if r.status_code == 200 and kind == "file":
            # Lists never show the file to a structure that neither holds nor received it.
            visible = mentionne(r, monde["personne"])
            if visible != compte.startswith(("A.", "ccas.")):
                ecarts.append((nom, "visible" if visible else "absent"))
    assert ecarts == [], compte


@pytest.mark.parametrize("nom,methode,url,kind", PAGES + API, ids=[p[0] for p in PAGES + API])
def test_anonyme(client, monde, nom, methode, url, kind):
    adresse = url.format(
        personne=monde["personne"].pk,
        orientation=monde["orientation"].pk,
        contact=monde["contact"].pk,
    )
    r = client.get(adresse)
    if adresse.startswith("/api/"):
        assert r.status_code == 401
        assert r.json() == {"detail": "Authentification requise."}
    else:
        assert r.status_code == 302 and r.url.startswith("/comptes/connexion/")


def test_partenaire_ne_voit_que_le_partage(client, monde):
    """The CCAS received identity only: no phone number, no contacts."""
    client.force_login(monde["comptes"]["ccas.partenaire"])
    d = client.get(f"/api/v1/accueil/personnes/{monde['personne'].pk}").json()
    assert d["nom"] == monde["personne"].nom
    assert d["telephone"] is None and d["commune_code"] is None
    assert d["contacts"] == []
    page = client.get(f"/accueil/personnes/{monde['personne'].pk}/").content.decode()
    assert monde["personne"].telephone not in page
    assert "Conseils de test" not in page


def test_refus_journalise(client, monde):
    client.force_login(monde["comptes"]["B.accueil"])
    assert client.get(f"/accueil/personnes/{monde['personne'].pk}/").status_code == 403
    e = EvenementAudit.objects.get(action="refus")
    assert e.personne_id == monde["personne"].pk and e.identifiant == "b-accueil"


def test_orientation_refusee_coupe_le_partage(client, monde):
    o = monde["orientation"]
    o.statut = "refusee"
    o.save()
    client.force_login(monde["comptes"]["ccas.partenaire"])
    assert client.get(f"/accueil/personnes/{monde['personne'].pk}/").status_code == 403


def test_inexistant_404(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    assert client.get("/api/v1/accueil/personnes/999999").status_code == 404
    assert client.get("/api/v1/accueil/personnes/999999").json() == {
        "detail": "Ressource introuvable."
    }
    assert client.get("/accueil/personnes/999999/").status_code == 404
