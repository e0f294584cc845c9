"""Login, lockout, the audit trail pages, the demo accounts command."""

import re

import pytest
from django.core.management import call_command

from accueil.tests.conftest import monde  # noqa: F401
from comptes.models import EvenementAudit, Membre
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, StructureFactory, agent


def test_connexion_en_francais(client, db):
    agent(StructureFactory(), Role.ACCUEIL, "marie")
    page = client.get("/comptes/connexion/").content.decode()
    assert "Identifiant" in page and "Mot de passe" in page
    r = client.post("/comptes/connexion/", {"username": "marie", "password": "faux"})
    assert "Identifiant ou mot de passe incorrect" in r.content.decode()
    r = client.post("/comptes/connexion/", {"username": "marie", "password": MOT_DE_PASSE})
    assert r.status_code == 302 and r.url == "/accueil/"
    assert client.get("/comptes/deconnexion/").status_code == 405  # POST only
    assert client.post("/comptes/deconnexion/").status_code == 302
    assert client.get("/accueil/").status_code == 302


def test_verrouillage_apres_cinq_echecs(client, db):
    agent(StructureFactory(), Role.ACCUEIL, "paul")
    for _ in range(5):
        client.post("/comptes/connexion/", {"username": "paul", "password": "faux"})
    r = client.post("/comptes/connexion/", {"username": "paul", "password": MOT_DE_PASSE})
    assert r.status_code == 429
    assert "Compte temporairement bloqué" in r.content.decode()


def test_journal_reserve_aux_administrateurs(client, monde):  # noqa: F811
    p = monde["personne"]
    client.force_login(monde["comptes"]["A.accueil"])
    client.get(f"/accueil/personnes/{p.pk}/")
    assert client.get("/comptes/audit/").status_code == 403
    client.force_login(monde["comptes"]["B.accueil"])
    client.get(f"/accueil/personnes/{p.pk}/")  # refused, recorded
    client.force_login(monde["comptes"]["A.administrateur"])
    page = client.get("/comptes/audit/").content.decode()
    assert "a-accueil" in page and "b-accueil" in page  # refusal on A's file is shown to A
    assert p.nom not in page
    r = client.get("/comptes/audit/", {"identifiant": "a-accueil", "action": "consultation"})
    assert "b-accueil" not in r.content.decode()
    csv = b"".join(client.get("/comptes/audit/export.csv", {"personne_id": p.pk}).streaming_content)
    texte = csv.decode("utf-8-sig")
    assert texte.splitlines()[0].startswith("horodatage;identifiant")
    assert "a-accueil" in texte and "refus" in texte and p.nom not in texte
    # B's administrator sees nothing of A's accounts' reads
    client.force_login(monde["comptes"]["B.administrateur"])
    page = client.get("/comptes/audit/").content.decode()
    assert "a-accueil" not in page and "b-accueil" in page
    assert EvenementAudit.objects.filter(ip="127.0.0.1").exists()


def test_comptes_demo_seulement_sur_demande(db, monkeypatch):
    """The demo structures are found by their identifier in the demo directory; the accounts of
    a missing structure are left out (here: the Département's services and France Travail)."""
    for ident, nom, typologie in (
        ("mds-melun", "MDS de Melun", "mds"),
        ("ccas-77288", "CCAS de Melun", "ccas"),
        ("mds-chelles", "MDS de Chelles", "mds"),
    ):
        StructureFactory(identifiant=f"solidarites-demo--77-{ident}", nom=nom, typologie=typologie)
    monkeypatch.delenv("SOLIDARITES_DEMO", raising=False)
    call_command("charger_demo_comptes")
    assert Membre.objects.count() == 0
    monkeypatch.setenv("SOLIDARITES_DEMO", "1")
    call_command("charger_demo_comptes")
    call_command("charger_demo_comptes")  # idempotent
    assert Membre.objects.filter(demo=True).count() == 6
    assert (
        Membre.objects.get(utilisateur__username="demo.ccas.partenaire").structure.nom
        == "CCAS de Melun"
    )
    assert (
        Membre.objects.get(utilisateur__username="demo.autre-mds.accueil").structure.nom
        == "MDS de Chelles"
    )


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_mon_compte(client, db, role):
    client.force_login(agent(StructureFactory(nom="MDS X"), role))
    page = client.get("/comptes/").content.decode()
    assert "MDS X" in page and Role(role).libelle.replace("'", "&#x27;") in page
    # The page offers only what the gate lets this role open (no link answering 403).
    liens = re.findall(r'href="([^"]+)"', page.split('id="pages-du-compte"')[1].split("</ul>")[0])
    assert liens
    for url in liens:
        assert client.get(url, follow=True).status_code == 200, (role, url)


def test_administrateur_gere_les_comptes_de_sa_structure(client, db):
    s = StructureFactory(nom="MDS A")
    autre = agent(StructureFactory(nom="MDS B"), Role.ACCUEIL, "ailleurs")
    client.force_login(agent(s, Role.ACCUEIL, "simple"))
    assert client.get("/comptes/membres/").status_code == 403
    client.force_login(agent(s, Role.ADMINISTRATEUR, "chef"))
    r = client.post(
        "/comptes/membres/",
        {"identifiant": "new.agent", "role": "accueil", "mot_de_passe": "court"},
    )
    assert r.status_code == 200 and "Ce mot de passe est trop court" in r.content.decode()
    r = client.post(
        "/comptes/membres/",
        {
            "identifiant": "new.agent",
            "role": "travailleur_social",
            "courriel": "New.Agent@Departement77.fr",
            "mot_de_passe": "un-long-mot-de-passe-7",
        },
    )
    assert r.status_code == 302
    m = Membre.objects.get(utilisateur__username="new.agent")
    assert m.structure == s and m.role == "travailleur_social"
    assert m.utilisateur.email == "new.agent@departement77.fr"  # matched by ProConnect
    r = client.post(
        "/comptes/membres/",
        {
            "identifiant": "doublon",
            "role": "accueil",
            "courriel": "new.agent@departement77.fr",
            "mot_de_passe": "un-long-mot-de-passe-7",
        },
    )
    assert "Un autre compte utilise déjà cette adresse." in r.content.decode()
    client.post("/comptes/membres/", {"basculer": m.pk})
    m.refresh_from_db()
    assert not m.actif
    # an account of another structure cannot be touched
    assert client.post("/comptes/membres/", {"basculer": autre.membre.pk}).status_code == 404
