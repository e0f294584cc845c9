"""#16: the follow-up of each right identified (à demander, demandé, obtenu, refusé) on the
person's file, and the « appel sans réponse » action with a retry date, so that the queue tells
what is due (« à rappeler aujourd'hui »). Pages, API, audit, access."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accueil import services
from accueil.models import Contact, Demande, SuiviDroit
from accueil.tests.factories import ContactFactory, DemandeFactory
from comptes.models import EvenementAudit

DROITS = [
    {"slug": "prime-activite", "libelle": "Prime d'activité", "montant_mensuel": 187.5},
    {"slug": "css", "libelle": "Complémentaire santé solidaire", "montant_mensuel": None},
]


@pytest.fixture
def suivi(monde):
    c = ContactFactory(personne=monde["personne"], droits_identifies=DROITS)
    services.suivre_droits_identifies(c)
    return SuiviDroit.objects.get(personne=monde["personne"], droit="prime-activite")


def test_droits_d_un_contact_suivis_une_fois(monde, suivi):
    p = monde["personne"]
    assert [(s.droit, s.statut) for s in p.suivis_droits.all()] == [
        ("prime-activite", "a_demander"),
        ("css", "a_demander"),
    ]
    assert str(suivi.montant_mensuel) == "187.50"
    suivi.statut = "obtenu"
    suivi.save()
    # the same rights found again: the status is kept, nothing doubled
    assert (
        services.suivre_droits_identifies(ContactFactory(personne=p, droits_identifies=DROITS)) == 0
    )
    assert p.suivis_droits.get(droit="prime-activite").statut == "obtenu"


def test_page_du_dossier_suivi_et_changement_audite(client, monde, suivi):
    p = monde["personne"]
    client.force_login(monde["comptes"]["A.travailleur_social"])
    page = client.get(f"/accueil/personnes/{p.pk}/").content.decode()
    assert (
        "Droits identifiés : où en est chaque demande" in page and "Prime d&#x27;activité" in page
    )
    EvenementAudit.objects.all().delete()
    r = client.post(f"/accueil/droits/{suivi.pk}/", {"statut": "demande"})
    assert r.status_code == 302 and r["Location"].endswith("#suivi-droits")
    suivi.refresh_from_db()
    assert (
        suivi.statut == "demande" and suivi.modifie_par == monde["comptes"]["A.travailleur_social"]
    )
    e = EvenementAudit.objects.get(objet="suivi_droit")
    assert e.action == "modification" and e.personne_id == p.pk
    r = client.post(f"/accueil/droits/{suivi.pk}/", {"statut": "n-importe"})
    suivi.refresh_from_db()
    assert r.status_code == 302 and suivi.statut == "demande"


def test_suivi_lu_selon_le_partage_ecrit_par_le_detenteur_seul(client, monde, suivi):
    p = monde["personne"]
    client.force_login(monde["comptes"]["ccas.partenaire"])  # identity shared, not the rights
    assert client.get(f"/api/v1/accueil/personnes/{p.pk}/droits").json() == []
    assert (
        "où en est chaque demande" not in client.get(f"/accueil/personnes/{p.pk}/").content.decode()
    )
    assert client.post(f"/accueil/droits/{suivi.pk}/", {"statut": "obtenu"}).status_code == 404
    r = client.put(f"/api/v1/accueil/droits/{suivi.pk}", {"statut": "obtenu"}, "application/json")
    assert r.status_code == 404
    o = monde["orientation"]
    o.elements_partages = ["identite", "droits"]
    o.save()
    r = client.get(f"/api/v1/accueil/personnes/{p.pk}/droits")
    assert [d["droit"] for d in r.json()] == ["prime-activite", "css"]
    client.force_login(monde["comptes"]["B.accueil"])
    assert client.get(f"/api/v1/accueil/personnes/{p.pk}/droits").status_code == 404


def test_api_suivi_des_droits(client, monde, suivi):
    p = monde["personne"]
    client.force_login(monde["comptes"]["A.accueil"])
    r = client.put(f"/api/v1/accueil/droits/{suivi.pk}", {"statut": "refuse"}, "application/json")
    assert r.status_code == 200 and r.json()["statut_libelle"] == "Refusé"
    r = client.put(f"/api/v1/accueil/droits/{suivi.pk}", {"statut": "perdu"}, "application/json")
    assert r.status_code in (400, 422) and "statut" in r.content.decode()
    from droits.tests.factories import DroitFactory

    DroitFactory(slug="fsl-maintien", titre="FSL maintien")
    url = f"/api/v1/accueil/personnes/{p.pk}/droits"
    r = client.post(url, {"droit": "fsl-maintien"}, "application/json")
    assert r.status_code == 201 and r.json()["statut"] == "a_demander"
    r = client.post(url, {"droit": "fsl-maintien"}, "application/json")
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "droit"
    r = client.post(url, {"droit": "inconnu"}, "application/json")
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "droit"


def test_appel_sans_reponse_d_une_demande_et_file(client, monde):
    aujourdhui = timezone.localdate()
    d = DemandeFactory(structure=monde["mds_a"], prenom="Zoé")
    client.force_login(monde["comptes"]["A.accueil"])
    file = client.get("/accueil/").content.decode()
    assert "1 à rappeler aujourd'hui" in file and f"/accueil/demandes/{d.pk}/sans-reponse/" in file
    page = client.get(f"/accueil/demandes/{d.pk}/sans-reponse/").content.decode()
    demain = aujourdhui + datetime.timedelta(days=1)
    assert demain.isoformat() in page  # tomorrow by default
    r = client.post(f"/accueil/demandes/{d.pk}/sans-reponse/", {"rappeler_le": "2020-01-01"})
    assert r.status_code == 200 and "ne peut pas être passée" in r.content.decode()
    assert "<title>Erreur" in r.content.decode()
    EvenementAudit.objects.all().delete()
    r = client.post(f"/accueil/demandes/{d.pk}/sans-reponse/", {"rappeler_le": demain.isoformat()})
    assert r.status_code == 302
    d.refresh_from_db()
    assert (d.appels_sans_reponse, d.rappeler_le) == (1, demain)
    assert EvenementAudit.objects.filter(objet="demande", action="modification").exists()
    # not due today any more: out of the filter, still in the whole queue with its date
    assert "0 à rappeler aujourd'hui" in client.get("/accueil/").content.decode()
    assert d.reference not in client.get("/accueil/?filtre=aujourdhui").content.decode()
    assert d.reference in client.get("/accueil/").content.decode()
    Demande.objects.filter(pk=d.pk).update(rappeler_le=aujourdhui)
    r = client.get("/api/v1/accueil/file?filtre=aujourdhui").json()
    assert r["a_rappeler_aujourdhui"] == 1 and r["demandes"][0]["appels_sans_reponse"] == 1
    # API: a second try
    url = f"/api/v1/accueil/demandes/{d.pk}/appel-sans-reponse"
    r = client.post(
        url,
        {"rappeler_le": (aujourdhui + datetime.timedelta(days=90)).isoformat()},
        "application/json",
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "rappeler_le"
    r = client.post(url, {"rappeler_le": demain.isoformat()}, "application/json")
    assert r.status_code == 200 and r.json()["appels_sans_reponse"] == 2
    client.force_login(monde["comptes"]["B.accueil"])
    assert (
        client.post(url, {"rappeler_le": demain.isoformat()}, "application/json").status_code == 404
    )


def test_appel_sans_reponse_d_un_suivi(client, monde):
    aujourdhui = timezone.localdate()
    c = monde["contact"]
    Contact.objects.filter(pk=c.pk).update(date_suivi=aujourdhui, suite="Rappeler pour la CSS")
    client.force_login(monde["comptes"]["A.travailleur_social"])
    file = client.get("/accueil/?filtre=aujourdhui").content.decode()
    assert "Rappeler pour la CSS" in file and "À rappeler aujourd'hui" in file
    url = f"/api/v1/accueil/contacts/{c.pk}/appel-sans-reponse"
    dans3 = aujourdhui + datetime.timedelta(days=3)
    r = client.post(url, {"rappeler_le": dans3.isoformat()}, "application/json")
    assert r.status_code == 200
    assert r.json()["appels_sans_reponse"] == 1 and r.json()["date_suivi"] == dans3.isoformat()
    assert "Rappeler pour la CSS" not in client.get("/accueil/?filtre=aujourdhui").content.decode()
    assert client.post(url, {}, "application/json").status_code == 400
    client.force_login(monde["comptes"]["ccas.partenaire"])
    assert client.get(f"/accueil/contacts/{c.pk}/sans-reponse/").status_code == 404


def test_demo_de_la_file_idempotente(monde):
    from accueil import demo

    personnes = {monde["mds_a"]: [monde["personne"]]}
    demo.charger(personnes)
    faits = demo.charger(personnes)
    assert faits == {"demandes": 3, "suivis_droits": 3, "rappels": 1}
    assert Demande.objects.filter(prenom=demo.PRENOM_DEMO).count() == 3
    assert SuiviDroit.objects.filter(personne=monde["personne"]).count() == 3
