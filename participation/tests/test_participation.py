"""Comités d'usagers du Val-de-Marne (démonstration) : calendrier et comptes rendus publics,
demande publique pour rejoindre (piège à robots, limite), gestion réservée et journalisée,
inscription à un événement, résultats reliés aux engagements, chiffre « un comité par EDS »."""

import pytest
from django.test import override_settings

from annuaire.models import Structure
from annuaire.tests.factories import StructureFactory
from chiffres.tests.demo import compte, module_charge
from comptes.models import EvenementAudit
from engagements.models import Engagement
from participation.models import (
    Comite,
    DemandeAdhesion,
    Evenement,
    Inscription,
    MembreComite,
    Proposition,
    Reunion,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    import os

    os.environ["SOLIDARITES_DEMO"] = "1"
    try:
        with module_charge(django_db_blocker, ("94",), activite=False):
            yield
    finally:
        os.environ.pop("SOLIDARITES_DEMO", None)


def vitry():
    return Comite.objects.get(structure__identifiant="solidarites-demo--94-eds-vitry")


@pytest.fixture
def comptes(demo):
    pil = StructureFactory(typologie="departement", commune_id="94028", departement_id="94")
    eds_ivry = Structure.objects.get(identifiant="solidarites-demo--94-eds-ivry")
    return {
        "pilotage": compte(pil, "pilotage", "t-pil94"),
        "encadrant_vitry": compte(vitry().structure, "encadrant", "t-enc-vitry"),
        "encadrant_ivry": compte(eds_ivry, "encadrant", "t-enc-ivry"),
        "accueil_vitry": compte(vitry().structure, "accueil", "t-acc-vitry"),
    }


def test_calendrier_et_comptes_rendus_publics_sans_donnee_personnelle(client, demo):
    html = client.get("/participation/?departement=94").content.decode()
    assert "Comité de vie sociale de l&#x27;EDS de Vitry-sur-Seine" in html
    assert "Conférence locale des solidarités" in html
    c = vitry()
    page = client.get(f"/participation/comites/{c.pk}/").content.decode()
    assert "Douze participants" in page  # compte rendu publié
    assert "Nadia" not in page and "nadia.demo@example.org" not in page
    api = client.get("/api/v1/participation/comites?departement=94").json()
    assert len(api) == 4 and "Nadia" not in str(api)
    cal = client.get("/api/v1/participation/calendrier?departement=94").json()
    assert [x["date"] for x in cal] == sorted(x["date"] for x in cal)
    assert client.get("/api/v1/participation/calendrier?departement=99").status_code == 400


def test_chiffre_un_comite_par_eds_en_direct(client, demo):
    eds = Structure.objects.filter(departement_id="94", typologie="eds")
    avec = eds.filter(comites__actif=True).distinct().count()
    assert avec == 4
    e = Engagement.objects.get(schema__cle="94-etats-generaux-2016", numero=5)
    page = client.get(f"/engagements/engagement/{e.pk}/").content.decode()
    assert f"4 sur {eds.count()}" in page


def test_demande_publique_minimale_puis_acceptee_par_l_encadrant(client, comptes):
    c = vitry()
    url = f"/participation/comites/{c.pk}/rejoindre/"
    r = client.post(
        url, {"prenom": "Léa", "contact_par": "courriel", "courriel": "", "consentement": "on"}
    )
    assert r.status_code == 400
    assert "Indiquez votre adresse électronique" in r.content.decode()
    r = client.post(url, {"prenom": "Léa", "contact_par": "telephone"})
    html = r.content.decode()
    assert "Votre accord est nécessaire" in html
    r = client.post(
        url,
        {
            "prenom": "Léa",
            "nom": "",
            "contact_par": "telephone",
            "telephone": "06 12 34 56 78",
            "courriel": "lea@example.org",
            "consentement": "on",
        },
    )
    assert r.status_code == 302
    d = DemandeAdhesion.objects.get(prenom="Léa")
    assert d.courriel == ""  # seulement le moyen de contact choisi
    client.force_login(comptes["encadrant_ivry"])  # un autre EDS : ni le comité, ni la demande
    assert client.get(f"/participation/gestion/comites/{c.pk}/").status_code == 404
    assert client.post(f"/participation/gestion/demandes/{d.pk}/accepter/").status_code == 404
    client.force_login(comptes["accueil_vitry"])  # un agent d'accueil ne gère pas le comité
    assert client.get(f"/participation/gestion/comites/{c.pk}/").status_code == 403
    client.force_login(comptes["encadrant_vitry"])
    page = client.get(f"/participation/gestion/comites/{c.pk}/").content.decode()
    assert "06 12 34 56 78" in page and "nadia.demo@example.org" in page
    assert EvenementAudit.objects.filter(objet="membres_comite", objet_id=c.pk).exists()
    r = client.post(f"/participation/gestion/demandes/{d.pk}/accepter/")
    assert r.status_code == 302
    m = MembreComite.objects.get(comite=c, prenom="Léa")
    assert (m.contact_par, m.telephone, m.qualite) == ("telephone", "06 12 34 56 78", "habitant")
    d.refresh_from_db()
    assert d.statut == "acceptee" and d.telephone == ""


def test_piege_a_robots_et_limite(client, demo):
    c = vitry()
    url = f"/participation/comites/{c.pk}/rejoindre/"
    avant = DemandeAdhesion.objects.count()
    r = client.post(
        url,
        {
            "prenom": "Robot",
            "contact_par": "courrier",
            "consentement": "on",
            "site_web": "http://spam",
        },
    )
    assert r.status_code == 302 and DemandeAdhesion.objects.count() == avant
    with override_settings(PARTICIPATION_DEMANDES_PAR_HEURE=2):
        for k in range(2):
            assert (
                client.post(
                    url, {"prenom": f"P{k}", "contact_par": "courrier", "consentement": "on"}
                ).status_code
                == 302
            )
        r = client.post(url, {"prenom": "P3", "contact_par": "courrier", "consentement": "on"})
        assert r.status_code == 429 and "Trop de demandes" in r.content.decode()


def test_reunion_presences_compte_rendu_et_reponse(client, comptes):
    c = vitry()
    r = c.reunions.filter(compte_rendu_publie=False).first()
    client.force_login(comptes["encadrant_vitry"])
    membres = list(c.membres.values_list("pk", flat=True))[:2]
    rep = client.post(
        f"/participation/gestion/reunions/{r.pk}/",
        {"presents": membres, "compte_rendu": "", "publier": "on"},
    )
    assert "Un compte rendu vide ne peut pas être publié." in rep.content.decode()
    rep = client.post(
        f"/participation/gestion/reunions/{r.pk}/",
        {"presents": membres, "compte_rendu": "Sept participants.", "publier": "on"},
    )
    assert rep.status_code == 302
    r.refresh_from_db()
    assert r.presents.count() == 2 and r.compte_rendu_publie
    assert "Sept participants." in client.get(f"/participation/comites/{c.pk}/").content.decode()
    p = c.propositions.get(statut="a_l_etude")
    e = Engagement.objects.get(schema__cle="94-etats-generaux-2016", numero=3)
    client.force_login(comptes["pilotage"])
    rep = client.post(
        f"/participation/gestion/propositions/{p.pk}/",
        {"statut": "retenue", "reponse": "", "engagement": e.pk},
    )
    assert "Écrivez la réponse du Département." in rep.content.decode()
    rep = client.post(
        f"/participation/gestion/propositions/{p.pk}/",
        {
            "statut": "retenue",
            "reponse": "Ouverture un samedi par mois dès janvier.",
            "engagement": e.pk,
        },
    )
    assert rep.status_code == 302
    p.refresh_from_db()
    assert (p.statut, p.engagement) == ("retenue", e)
    page = client.get(f"/participation/comites/{c.pk}/").content.decode()
    assert "Ouverture un samedi par mois" in page and "engagement n°3" in page


def test_inscription_evenement_presences_et_resultats(client, comptes):
    ev = Evenement.objects.get(cle="94-conference-locale-demo")
    url = f"/participation/evenements/{ev.pk}/"
    r = client.post(url, {"prenom": "Ali", "nom": "K", "qualite": "habitant", "courriel": "x"})
    assert r.status_code == 400 and "Cette valeur n&#x27;est pas valide." in r.content.decode()
    r = client.post(
        url, {"prenom": "Ali", "nom": "K", "qualite": "habitant", "courriel": "ali@example.org"}
    )
    assert r.status_code == 200 and "Votre inscription est enregistrée" in r.content.decode()
    r = client.post(
        url, {"prenom": "Ali", "nom": "K", "qualite": "habitant", "courriel": "ALI@example.org"}
    )
    assert "Une inscription existe déjà" in r.content.decode()
    i = Inscription.objects.get(evenement=ev)
    client.force_login(comptes["encadrant_vitry"])
    assert client.get(f"/participation/gestion/evenements/{ev.pk}/").status_code == 404
    client.force_login(comptes["pilotage"])
    assert "Ali K" in client.get(f"/participation/gestion/evenements/{ev.pk}/").content.decode()
    client.post(f"/participation/gestion/evenements/{ev.pk}/", {"presents": [i.pk]})
    i.refresh_from_db()
    assert i.present is True
    eg = Evenement.objects.get(cle="94-etats-generaux-2016")
    assert eg.resultats.get().engagements.count() == 8
    page = client.get(f"/participation/evenements/{eg.pk}/").content.decode()
    assert "Engagement n°8" in page and "Ali" not in page


def test_rechargement_garde_ce_qui_est_saisi(comptes):
    from participation import services

    c = vitry()
    Reunion.objects.create(
        comite=c,
        date="2027-01-05T18:00+01:00",
        lieu="EDS",
        ordre_du_jour="Saisie sur la plateforme",
    )
    Proposition.objects.create(comite=c, titre="Saisie", texte="x", deposee_le="2026-11-01")
    services.charger(demo=True)
    services.charger(demo=True)
    assert c.reunions.filter(ordre_du_jour="Saisie sur la plateforme").count() == 1
    assert c.propositions.filter(titre="Saisie").count() == 1
    assert Comite.objects.count() == 4


def test_limite_des_inscriptions_comptee_dans_la_transaction(client, demo, settings, monkeypatch):
    """Two requests crossing both pass the read-only pre-check of the public-form guard: the
    unit taken in the writing transaction refuses the second (429, nothing stored)."""
    from solidarites import limites

    e = Evenement.objects.get(cle="94-conference-locale-demo")
    settings.PARTICIPATION_DEMANDES_PAR_HEURE = 1
    donnees = {"prenom": "Ada", "nom": "L", "qualite": "habitant", "courriel": "ada@example.org"}
    url = f"/participation/evenements/{e.pk}/"
    assert client.post(url, donnees).status_code == 200
    monkeypatch.setattr(limites, "atteinte", lambda *a, **k: False)
    avant = Inscription.objects.count()
    r = client.post(url, {**donnees, "courriel": "ada2@example.org"})
    assert r.status_code == 429 and "Retour aux comités et rencontres" in r.content.decode()
    assert Inscription.objects.count() == avant
