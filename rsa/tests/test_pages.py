"""The pages of the pathway, end to end through the gate (Django client)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comptes.models import EvenementAudit
from rsa.models import Beneficiaire, Contrat, RendezVous
from rsa.tests.test_import import ENTREES


def test_parcours_complet_par_les_pages(client, monde_rsa):
    c = monde_rsa["comptes"]
    mds = monde_rsa["mds"]
    client.force_login(c["insertion"])
    r = client.post(
        "/rsa/import/",
        {"fichier": SimpleUploadedFile("flux-rsa-77-2026-10.csv", ENTREES), "mois": ""},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "Import terminé" in html and "Ligne 4" not in html  # lines shown in the table
    assert "date de naissance « 31/02/1985 » : date non reconnue" in html
    b = Beneficiaire.objects.get(numero_allocataire="1000001")
    assert client.get("/rsa/").status_code == 200
    r = client.get(f"/rsa/beneficiaires/{b.pk}/")
    assert r.status_code == 200 and "DUPONT" in r.content.decode()
    diag = {
        "situation_emploi": "eloigne",
        "mobilite": "aucune",
        "garde_enfants": "a_trouver",
        "sante": "bonne",
        "logement": "sans",
    }
    assert client.post(f"/rsa/beneficiaires/{b.pk}/diagnostic/", diag).status_code == 302
    r = client.get(f"/rsa/beneficiaires/{b.pk}/orienter/")
    assert "Suggéré : sociale, parce que" in r.content.decode()
    aujourdhui = timezone.localdate()
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/orienter/",
        {"orientation": "sociale", "structure": "999999", "decide_le": aujourdhui.isoformat()},
    )
    assert r.status_code == 200 and "Structure d&#x27;orientation" in r.content.decode()
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/orienter/",
        {"orientation": "sociale", "structure": mds.pk, "decide_le": aujourdhui.isoformat()},
    )
    assert r.status_code == 302
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/referent/",
        {"referent": "123456", "designe_le": aujourdhui.isoformat()},
    )
    assert "Référent inconnu" in r.content.decode()
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/referent/",
        {"referent": c["ts"].pk, "designe_le": aujourdhui.isoformat()},
    )
    assert r.status_code == 302
    # The référent invites, records the meeting as attended, writes a contract.
    client.force_login(c["ts"])
    demain = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/inviter/",
        {"objet": "orientation", "le": demain, "lieu": mds.pk, "canal": "courrier"},
    )
    assert r.status_code == 302
    rdv = RendezVous.objects.get(beneficiaire=b)
    r = client.get(f"/rsa/rendez-vous/{rdv.pk}/lettre.pdf")
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    RendezVous.objects.filter(pk=rdv.pk).update(le=timezone.now() - datetime.timedelta(hours=2))
    assert (
        client.post(f"/rsa/rendez-vous/{rdv.pk}/presence/", {"presence": "venu"}).status_code == 302
    )
    rdv.refresh_from_db()
    assert rdv.presence == "venu"
    j = aujourdhui.isoformat()
    contrat = {
        "type": "cer",
        "objectifs": "Trouver un logement\nReprendre une formation",
        "debut_le": j,
        "fin_le": (aujourdhui + datetime.timedelta(days=365)).isoformat(),
        "heures_hebdomadaires": "15",
        "signe_le": j,
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-libelle": "Demande de logement social",
        "actions-0-debut_le": j,
        "actions-1-libelle": "Inscription en formation",
        "actions-1-debut_le": "31/02/2026",
    }
    r = client.post(f"/rsa/beneficiaires/{b.pk}/contrat/", contrat)
    assert r.status_code == 200 and "Action 2" in r.content.decode()
    assert not Contrat.objects.exists()
    contrat["actions-1-debut_le"] = j
    r = client.post(f"/rsa/beneficiaires/{b.pk}/contrat/", contrat)
    assert r.status_code == 302
    k = Contrat.objects.get()
    assert k.actions.count() == 2
    assert client.get(f"/rsa/contrats/{k.pk}/contrat.pdf").content.startswith(b"%PDF")
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/accompagnement-global/",
        {
            "travailleur_social": c["ts"].pk,
            "conseiller": c["conseiller"].pk,
            "plan": "Plan partagé : garde d'enfants puis immersion",
            "debut_le": j,
        },
    )
    assert r.status_code == 302
    # The France Travail adviser sees the shared plan, not the diagnostic.
    client.force_login(c["conseiller"])
    r = client.get(f"/rsa/beneficiaires/{b.pk}/")
    html = r.content.decode()
    assert r.status_code == 200 and "Plan partagé : garde d&#x27;enfants" in html
    assert "Suggéré" not in html
    assert client.get(f"/rsa/contrats/{k.pk}/").status_code == 200
    assert client.get(f"/rsa/beneficiaires/{b.pk}/inviter/").status_code == 403
    assert client.get(f"/rsa/beneficiaires/{monde_rsa['beneficiaire'].pk}/").status_code == 404
    # An agent of another MDS cannot open the file (404, the refusal is audited).
    client.force_login(c["autre_ts"])
    assert client.get(f"/rsa/beneficiaires/{b.pk}/").status_code == 404
    assert EvenementAudit.objects.filter(action="refus", objet="beneficiaire_rsa").exists()
    # The dashboard counts it.
    client.force_login(c["insertion"])
    r = client.get("/rsa/tableau-de-bord/")
    assert r.status_code == 200
    assert 'id="chiffre-contrats">1<' in r.content.decode()
    r = client.get("/rsa/tableau-de-bord.csv")
    assert "contrats signés;1" in r.content.decode("utf-8-sig")
    r = client.get("/rsa/tableau-de-bord/?mois=octobre")
    assert "Mois non reconnu" in r.content.decode()
    history = list(b.evenements.values_list("type", flat=True))
    for etape in (
        "entree",
        "diagnostic",
        "orientation",
        "referent",
        "invitation",
        "presence",
        "contrat",
        "accompagnement_global",
    ):
        assert etape in history


def test_parcours_types_et_etapes(client, monde_rsa):
    c, b = monde_rsa["comptes"], monde_rsa["beneficiaire"]
    b.structure_referente = monde_rsa["mds"]
    b.orientation = "sociale"
    b.save()
    client.force_login(c["ts"])
    r = client.get("/rsa/parcours-types/")
    assert "Hôtellerie et restauration" in r.content.decode()
    client.post(f"/rsa/beneficiaires/{b.pk}/parcours/", {"parcours": "agriculture"})
    suivi = b.parcours.get()
    r = client.post(f"/rsa/parcours/{suivi.pk}/etapes/information/")
    assert r.status_code == 302 and suivi.etapes.filter(etape="information").exists()
    r = client.get(f"/rsa/beneficiaires/{b.pk}/")
    assert "Agriculture et maraîchage" in r.content.decode()


def test_api(client, monde_rsa):
    c, b = monde_rsa["comptes"], monde_rsa["beneficiaire"]
    client.force_login(c["insertion"])
    r = client.post(
        f"/api/v1/rsa/beneficiaires/{b.pk}/orientation",
        {"orientation": "sociale", "structure": 999999, "decide_le": "2026-02-31"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert {e["champ"] for e in r.json()["erreurs"]} == {"decide_le"}
    r = client.post(
        f"/api/v1/rsa/beneficiaires/{b.pk}/orientation",
        {"orientation": "sociale", "structure": 999999},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["erreurs"] == [
        {"champ": "structure", "message": "Structure inconnue : choisissez-la dans la liste."}
    ]
    r = client.post(
        f"/api/v1/rsa/beneficiaires/{b.pk}/orientation",
        {"orientation": "sociale", "structure": monde_rsa["mds"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["beneficiaire"]["orientation"] == "sociale"
    r = client.post(
        f"/api/v1/rsa/beneficiaires/{b.pk}/referent",
        {"referent": c["ts"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = client.post(
        "/api/v1/rsa/imports",
        {"fichier": SimpleUploadedFile("flux-rsa-77-2026-10.csv", ENTREES), "essai": "true"},
    )
    assert r.status_code == 201 and r.json()["essai"] and len(r.json()["rejets"]) == 7
    r = client.post("/api/v1/rsa/imports", {"fichier": SimpleUploadedFile("x.csv", b"")})
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "fichier"
    r = client.get("/api/v1/rsa/tableau-de-bord?mois=2026-13")
    assert r.status_code == 400
    assert client.get("/api/v1/rsa/tableau-de-bord").json()["stock"] == 1
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/rsa/beneficiaires/{pk}/orientation" in schema["paths"]
    client.force_login(c["autre_ts"])
    assert client.get(f"/api/v1/rsa/beneficiaires/{b.pk}").status_code == 404


def test_inscrire_depuis_l_accueil(client, monde_rsa):
    from accueil.tests.factories import PersonneFactory

    c = monde_rsa["comptes"]
    p = PersonneFactory(structure=monde_rsa["mds"], nom="Depuisaccueil")
    client.force_login(c["ts"])
    r = client.get(f"/accueil/personnes/{p.pk}/")
    assert f"/rsa/inscrire/{p.pk}/" in r.content.decode()
    r = client.post(f"/rsa/inscrire/{p.pk}/", {"date_entree": "31/02/2026", "organisme": "caf"})
    assert "Date non reconnue" in r.content.decode() and not Beneficiaire.objects.filter(personne=p)
    r = client.post(
        f"/rsa/inscrire/{p.pk}/",
        {"date_entree": timezone.localdate().isoformat(), "organisme": "caf"},
    )
    assert r.status_code == 302
    b = Beneficiaire.objects.get(personne=p)
    assert b.source == "saisie" and b.territoire == monde_rsa["mds"]
    r = client.get(f"/accueil/personnes/{p.pk}/")
    assert "inscrite dans le parcours RSA" in r.content.decode()


def test_conseiller_france_travail_referent_voit_son_portefeuille(client, monde_rsa):
    """An orientation professionnelle designates a France Travail adviser as référent unique:
    the adviser sees and follows their own caseload (diagnostic included, as any référent),
    without an accompagnement global; another adviser of the same agency does not see it; after
    a re-orientation elsewhere, the former référent no longer does."""
    c, b, ft = monde_rsa["comptes"], monde_rsa["beneficiaire"], monde_rsa["ft"]
    b.personne.nom = "Portefeuilleft"
    b.personne.save()
    client.force_login(c["insertion"])
    orienter = f"/rsa/beneficiaires/{b.pk}/orienter/"
    jour = timezone.localdate().isoformat()
    r = client.post(
        orienter, {"orientation": "professionnelle", "structure": ft.pk, "decide_le": jour}
    )
    assert r.status_code == 302
    r = client.post(
        f"/rsa/beneficiaires/{b.pk}/referent/",
        {"referent": c["conseiller"].pk, "designe_le": jour},
    )
    assert r.status_code == 302
    b.refresh_from_db()
    assert b.referent == c["conseiller"] and not b.accompagnements_globaux.exists()

    client.force_login(c["conseiller"])
    assert "Portefeuilleft" in client.get("/rsa/?mon_portefeuille=on").content.decode()
    assert client.get(f"/rsa/beneficiaires/{b.pk}/").status_code == 200
    assert client.get(f"/rsa/beneficiaires/{b.pk}/diagnostic/").status_code == 200
    assert client.get(f"/rsa/beneficiaires/{b.pk}/inviter/").status_code == 200
    assert client.get(orienter).status_code == 403  # the département orients
    api = client.get("/api/v1/rsa/beneficiaires?mon_portefeuille=true").json()
    assert [x["id"] for x in api["resultats"]] == [b.pk]

    client.force_login(c["conseiller2"])  # same agency, not référent
    assert "Portefeuilleft" not in client.get("/rsa/").content.decode()
    assert client.get(f"/rsa/beneficiaires/{b.pk}/").status_code == 404
    assert client.get(f"/api/v1/rsa/beneficiaires/{b.pk}").status_code == 404

    client.force_login(c["insertion"])
    r = client.post(
        orienter, {"orientation": "sociale", "structure": monde_rsa["mds"].pk, "decide_le": jour}
    )
    assert r.status_code == 302
    client.force_login(c["conseiller"])
    assert client.get(f"/rsa/beneficiaires/{b.pk}/").status_code == 404
