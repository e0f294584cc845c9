"""The accueil through pages, API and commands: online form, files, contacts, orientations,
audit, optimistic locking, anonymisation, export, bad input."""

import datetime
import json

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accueil.models import Contact, Demande, Orientation, Personne
from accueil.tests.factories import (
    ContactFactory,
    DemandeFactory,
    PersonneFactory,
)
from comptes.models import EvenementAudit

FORMULAIRE = {
    "commune": "Melun",
    "besoins": ["logement", "budget"],
    "prenom": "Camille",
    "nom": "Durand",
    "telephone": "06 11 22 33 44",
    "moment_prefere": "matin",
    "message": "Je vais avoir du mal à payer mon loyer.",
}


# --- public online form ---------------------------------------------------------------------


def test_demande_en_ligne_arrive_dans_la_file_du_bureau(client, monde):
    r = client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.1")
    assert r.status_code == 302 and r.url == "/accueil/demande/envoyee/"
    d = Demande.objects.get()
    assert d.structure == monde["mds_a"] and d.commune_code == "77288"
    assert d.besoins == ["logement", "budget"]
    page = client.get(r.url).content.decode()
    assert d.reference in page and monde["mds_a"].nom in page
    # #16: the office's phone as a tel: link, the emergency numbers too.
    telephone = monde["mds_a"].telephone
    assert telephone and f'href="tel:{telephone.replace(" ", "")}"' in page
    assert 'href="tel:3919"' in page
    client.force_login(monde["comptes"]["A.accueil"])
    assert d.reference in client.get("/accueil/").content.decode()
    client.force_login(monde["comptes"]["B.accueil"])
    client.get("/accueil/")  # consumes the success message
    assert d.reference not in client.get("/accueil/").content.decode()
    # another structure's request: 404, as if it did not exist (ids do not leak)
    assert client.get(f"/accueil/demandes/{d.pk}/").status_code == 404
    assert client.get(f"/api/v1/accueil/demandes/{d.pk}").status_code == 404


def test_demande_sans_javascript_erreurs_nommees(client, db):
    r = client.post("/accueil/demande/", {"commune": "Nullepartville", "prenom": ""})
    assert r.status_code == 200
    page = r.content.decode()
    assert "Commune introuvable" in page
    assert 'aria-describedby="id_commune_helptext id_commune-erreur"' in page
    assert "Cochez au moins une case." in page and "Indiquez votre prénom" in page
    assert Demande.objects.count() == 0


def test_demande_exige_un_moyen_de_contact(client, monde):
    r = client.post("/accueil/demande/", {**FORMULAIRE, "telephone": "", "courriel": ""})
    assert "Indiquez un numéro de téléphone ou une adresse électronique" in r.content.decode()
    r = client.post("/accueil/demande/", {**FORMULAIRE, "telephone": "12"})
    assert "Numéro de téléphone non reconnu" in r.content.decode()
    assert Demande.objects.count() == 0


def test_pot_de_miel(client, monde):
    r = client.post("/accueil/demande/", {**FORMULAIRE, "site_web": "http://spam"})
    assert r.status_code == 302
    assert Demande.objects.count() == 0


@override_settings(ACCUEIL_DEMANDES_PAR_HEURE=2)
def test_limite_par_adresse(client, monde):
    for _ in range(2):
        assert (
            client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.9").status_code == 302
        )
    r = client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 429 and "Trop de demandes" in r.content.decode()
    assert client.post("/accueil/demande/", FORMULAIRE, REMOTE_ADDR="10.0.0.10").status_code == 302
    assert Demande.objects.count() == 3
    assert "10.0.0.9" not in Demande.objects.first().empreinte_ip


def test_commune_sans_bureau(client, db):
    r = client.post("/accueil/demande/", {**FORMULAIRE, "commune": "Chalon-sur-Saône"})
    assert r.status_code == 302
    assert Demande.objects.get().structure is None


def test_commune_sans_secteur_va_aux_services_du_departement(client, monde):
    from comptes.tests.factories import StructureFactory
    from territoires.tests.factories import DepartementFactory

    services = StructureFactory(
        nom="Département — direction de l'action sociale",
        typologie="departement",
        departement=DepartementFactory(code="77"),
    )
    r = client.post("/accueil/demande/", {**FORMULAIRE, "commune": "Provins"})
    assert r.status_code == 302
    assert Demande.objects.get().structure == services


# --- files and duplicates -------------------------------------------------------------------


def test_creation_dossier_signale_les_doublons(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    p = monde["personne"]
    donnees = {
        "nom": p.nom.upper(),
        "prenom": p.prenom,
        "date_naissance": p.date_naissance.isoformat(),
    }
    r = client.post("/accueil/personnes/nouvelle/", donnees)
    assert r.status_code == 200
    assert "Ce dossier existe peut-être déjà" in r.content.decode()
    assert Personne.objects.count() == 1
    r = client.post("/accueil/personnes/nouvelle/", {**donnees, "confirmer_nouveau": "on"})
    assert r.status_code == 302
    assert Personne.objects.count() == 2
    # API: 409 with the duplicates, then 201 when confirmed
    body = {"nom": p.nom, "prenom": p.prenom, "date_naissance": p.date_naissance.isoformat()}
    r = client.post("/api/v1/accueil/personnes", body, content_type="application/json")
    assert r.status_code == 409 and r.json()["doublons"][0]["certitude"] == "identique"
    r = client.post(
        "/api/v1/accueil/personnes",
        {**body, "confirmer_nouveau": True},
        content_type="application/json",
    )
    assert r.status_code == 201


def test_doublons_jamais_d_une_autre_structure(client, monde):
    client.force_login(monde["comptes"]["B.accueil"])
    p = monde["personne"]
    body = {"nom": p.nom, "prenom": p.prenom, "date_naissance": p.date_naissance.isoformat()}
    r = client.post("/api/v1/accueil/personnes", body, content_type="application/json")
    assert r.status_code == 201  # B must not learn that A follows this person


def test_mauvaise_saisie_dossier(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    futur = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    r = client.post(
        "/api/v1/accueil/personnes",
        {
            "nom": " ",
            "prenom": "Léa",
            "date_naissance": futur,
            "commune_code": "99999",
            "courriel": "pas-un-courriel",
            "partage_autorise": ["identite"],
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    champs = {e["champ"]: e["message"] for e in r.json()["erreurs"]}
    assert champs["nom"] == "Ce champ est obligatoire."
    assert "futur" in champs["date_naissance"]
    assert "Commune inconnue" in champs["commune_code"]
    assert "Adresse électronique" in champs["courriel"]
    r = client.post(
        "/api/v1/accueil/personnes",
        {"nom": "X", "prenom": "Y", "partage_autorise": ["nir"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "partage_autorise.0"
    assert Personne.objects.count() == 1
    r = client.post(
        "/accueil/personnes/nouvelle/", {"nom": "Durand", "prenom": "", "commune_code": "99999"}
    )
    page = r.content.decode()
    assert "Commune inconnue" in page or "obligatoire" in page
    assert Personne.objects.count() == 1


# --- contacts, optimistic locking -----------------------------------------------------------


def test_contact_et_audit(client, monde):
    client.force_login(monde["comptes"]["A.travailleur_social"])
    p = monde["personne"]
    EvenementAudit.objects.all().delete()
    r = client.post(
        f"/accueil/personnes/{p.pk}/contacts/nouveau/",
        {
            "canal": "telephone",
            "besoins": ["emploi", "sante"],
            "conseils": "CSS",
            "suite": "Rappel",
            "date_suivi": timezone.localdate().isoformat(),
        },
    )
    assert r.status_code == 302
    c = Contact.objects.filter(personne=p, canal="telephone").get()
    assert c.besoins == ["emploi", "sante"] and c.version == 1
    client.get(f"/accueil/personnes/{p.pk}/")
    e = list(
        EvenementAudit.objects.order_by("pk").values_list(
            "action", "objet", "personne_id", "ip", "identifiant"
        )
    )
    assert e == [
        ("creation", "contact", p.pk, "127.0.0.1", "a-travailleur_social"),
        ("consultation", "personne", p.pk, "127.0.0.1", "a-travailleur_social"),
    ]
    # No personal data in the audit trail
    ligne = json.dumps(list(EvenementAudit.objects.values()), default=str)
    assert p.nom not in ligne and p.prenom not in ligne
    assert "Rappel" in client.get("/accueil/").content.decode()  # follow-up due


def test_canal_obligatoire_rien_d_enregistre(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    p = monde["personne"]
    avant = Contact.objects.count()
    r = client.post(
        f"/api/v1/accueil/personnes/{p.pk}/contacts",
        {"canal": "pigeon", "besoins": ["logement"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "canal"
    r = client.post(
        f"/api/v1/accueil/personnes/{p.pk}/contacts",
        {"canal": "telephone", "code_bilan": "INCONNU1"},
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["erreurs"] == [
        {"champ": "code_bilan", "message": "Aucun bilan conservé ne correspond à ce code."}
    ]
    assert Contact.objects.count() == avant


def test_modifications_concurrentes(client, monde):
    c = monde["contact"]
    client.force_login(monde["comptes"]["A.accueil"])
    url = f"/api/v1/accueil/contacts/{c.pk}"
    corps = {"canal": "sur_place", "besoins": ["logement"], "conseils": "Premier", "version": 1}
    r1 = client.put(url, corps, content_type="application/json")
    assert r1.status_code == 200 and r1.json()["version"] == 2
    r2 = client.put(url, {**corps, "conseils": "Second"}, content_type="application/json")
    assert r2.status_code == 409
    assert "modifié par quelqu'un d'autre" in r2.json()["detail"]
    c.refresh_from_db()
    assert c.conseils == "Premier" and c.version == 2
    # the page form too
    r = client.post(
        f"/accueil/contacts/{c.pk}/modifier/",
        {"canal": "sur_place", "conseils": "Page", "version": 1},
    )
    assert r.status_code == 409
    assert "modifié par quelqu&#x27;un d&#x27;autre" in r.content.decode()
    c.refresh_from_db()
    assert c.conseils == "Premier"
    r = client.post(
        f"/accueil/contacts/{c.pk}/modifier/",
        {"canal": "sur_place", "conseils": "Page", "version": 2},
    )
    assert r.status_code == 302
    c.refresh_from_db()
    assert c.conseils == "Page" and c.version == 3


# --- orientations -------------------------------------------------------------------------------


def test_orientation_partage_seulement_le_consenti(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    p = monde["personne"]  # consent: identite, coordonnees
    url = f"/api/v1/accueil/personnes/{p.pk}/orientations"
    r = client.post(
        url,
        {
            "structure_destination_id": monde["mds_b"].pk,
            "motif": "Suivi",
            "elements_partages": ["identite", "besoins"],
        },
        content_type="application/json",
    )
    assert r.status_code == 400
    assert r.json()["erreurs"][0]["champ"] == "elements_partages"
    r = client.post(
        url,
        {"structure_destination_id": 999999, "motif": "Suivi", "elements_partages": ["identite"]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "structure_destination_id"
    r = client.post(
        url,
        {
            "structure_destination_id": monde["mds_b"].pk,
            "motif": "",
            "elements_partages": ["identite"],
        },
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "motif"
    r = client.post(
        url,
        {
            "structure_destination_id": monde["mds_b"].pk,
            "motif": "Suivi",
            "elements_partages": ["identite"],
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["statut"] == "envoyee"
    client.force_login(monde["comptes"]["B.accueil"])
    assert client.get(f"/api/v1/accueil/personnes/{p.pk}").json()["parties_visibles"] == [
        "identite"
    ]


def test_reponse_du_partenaire_vue_par_l_envoyeur(client, monde):
    o = monde["orientation"]
    client.force_login(monde["comptes"]["ccas.partenaire"])
    r = client.post(
        f"/api/v1/accueil/orientations/{o.pk}/statut",
        {"statut": "refusee"},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "motif_refus"
    r = client.post(
        f"/accueil/orientations/{o.pk}/repondre/",
        {"decision": "acceptee", "commentaire": "Rendez-vous lundi"},
    )
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.statut == "acceptee" and o.repondue_le
    r = client.post(
        f"/api/v1/accueil/orientations/{o.pk}/statut",
        {"statut": "acceptee"},
        content_type="application/json",
    )
    assert r.status_code == 400  # already accepted
    client.force_login(monde["comptes"]["A.accueil"])
    d = client.get(f"/api/v1/accueil/orientations/{o.pk}").json()
    assert d["statut_libelle"] == "Acceptée" and d["commentaire_reponse"] == "Rendez-vous lundi"
    # the sender cannot answer in the partner's place
    r = client.post(
        f"/api/v1/accueil/orientations/{o.pk}/statut",
        {"statut": "realisee"},
        content_type="application/json",
    )
    assert r.status_code == 400
    o.refresh_from_db()
    assert o.statut == "acceptee"
    # another MDS: 404 (the orientation is not visible to it)
    client.force_login(monde["comptes"]["B.travailleur_social"])
    r = client.post(f"/accueil/orientations/{o.pk}/repondre/", {"decision": "realisee"})
    assert r.status_code == 404


def test_relancer_orientations_idempotent(monde):
    o = monde["orientation"]
    Orientation.objects.filter(pk=o.pk).update(
        envoyee_le=timezone.now() - datetime.timedelta(days=10)
    )
    call_command("relancer_orientations")
    o.refresh_from_db()
    assert o.statut == "envoyee" and o.relancee_le is not None
    premiere = o.relancee_le
    call_command("relancer_orientations")
    o.refresh_from_db()
    assert o.relancee_le == premiere
    Orientation.objects.filter(pk=o.pk).update(
        envoyee_le=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("relancer_orientations")
    o.refresh_from_db()
    assert o.statut == "expiree" and o.expiree_le


# --- RGPD ---------------------------------------------------------------------------------------


def test_anonymiser_inactifs(monde):
    vieux = PersonneFactory(
        structure=monde["mds_a"],
        nom="Ancien",
        derniere_activite=timezone.localdate() - datetime.timedelta(days=800),
    )
    ContactFactory(personne=vieux, conseils="secret")
    DemandeFactory(personne=vieux, nom="Ancien", structure=monde["mds_a"])
    call_command("anonymiser_inactifs")  # dry run by default: nothing changes
    vieux.refresh_from_db()
    assert vieux.nom == "Ancien" and vieux.anonymise_le is None
    call_command("anonymiser_inactifs", wet_run=True)
    vieux.refresh_from_db()
    assert vieux.nom == "Anonyme" and vieux.telephone == "" and vieux.date_naissance is None
    assert vieux.anonymise_le is not None
    c = vieux.contacts.get()
    assert c.conseils == "" and c.besoins == ["logement", "budget"]  # figures kept
    assert vieux.demandes.get().nom == ""
    monde["personne"].refresh_from_db()
    assert monde["personne"].anonymise_le is None
    assert EvenementAudit.objects.filter(action="anonymisation", personne_id=vieux.pk).count() == 1
    call_command("anonymiser_inactifs", wet_run=True)  # idempotent
    assert EvenementAudit.objects.filter(action="anonymisation").count() == 1


def test_export_droit_d_acces(client, monde):
    p = monde["personne"]
    client.force_login(monde["comptes"]["A.accueil"])
    r = client.get(f"/accueil/personnes/{p.pk}/export.json")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    d = json.loads(r.content)
    assert d["dossier"]["nom"] == p.nom and d["contacts"][0]["conseils"] == "Conseils de test"
    assert d["orientations"][0]["vers"] == monde["ccas"].nom
    r = client.get(f"/accueil/personnes/{p.pk}/export.csv")
    assert r.status_code == 200 and p.nom in r.content.decode()
    assert client.get(f"/accueil/personnes/{p.pk}/export.xml").status_code == 404
    assert (
        client.get(f"/api/v1/accueil/personnes/{p.pk}/export").json()["dossier"]["prenom"]
        == p.prenom
    )
    assert EvenementAudit.objects.filter(action="export", personne_id=p.pk).count() == 3


def test_statistiques_sans_donnee_personnelle(client, monde):
    client.force_login(monde["comptes"]["A.encadrant"])
    r = client.get("/accueil/statistiques/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "Logement" in page and monde["personne"].nom not in page
    assert client.get("/accueil/").status_code == 302  # redirected to statistics


def test_droits_repris_du_bilan_sans_ressaisie(client, monde):
    """A bilan code given by the person brings the eligible rights into the contact."""
    from bilan.services import conserver_bilan

    droits = {
        "droits": [
            {
                "slug": "prime-activite",
                "titre": "Prime d'activité",
                "eligible": True,
                "montant_mensuel": 180.5,
            },
            {"slug": "aah", "titre": "AAH", "eligible": False, "montant_mensuel": 0},
        ]
    }
    code = conserver_bilan({"commune": "77288"}, droits).code_affiche
    client.force_login(monde["comptes"]["A.accueil"])
    p = monde["personne"]
    r = client.post(
        f"/api/v1/accueil/personnes/{p.pk}/contacts",
        {"canal": "telephone", "besoins": ["emploi"], "code_bilan": code.lower()},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["code_bilan"] == code
    assert r.json()["droits_identifies"] == [
        {"slug": "prime-activite", "libelle": "Prime d'activité", "montant_mensuel": 180.5}
    ]
    assert "Prime d&#x27;activité" in client.get(f"/accueil/personnes/{p.pk}/").content.decode()


def test_openapi_decrit_l_accueil(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    chemins = [c for c in schema["paths"] if c.startswith("/api/v1/accueil/")]
    assert "/api/v1/accueil/personnes/{pk}" in chemins
    assert "/api/v1/accueil/contacts/{pk}" in chemins and len(chemins) >= 8


def test_clore_une_demande_sans_suite(client, monde):
    d = DemandeFactory(structure=monde["mds_a"])
    client.force_login(monde["comptes"]["B.accueil"])
    assert client.post(f"/accueil/demandes/{d.pk}/clore/").status_code == 404
    client.force_login(monde["comptes"]["A.accueil"])
    assert client.get(f"/accueil/demandes/{d.pk}/clore/").status_code == 405
    assert client.post(f"/accueil/demandes/{d.pk}/clore/").status_code == 302
    d.refresh_from_db()
    assert d.statut == "traitee" and d.traitee_le is not None
    client.get("/accueil/")  # consumes the success message
    assert d.reference not in client.get("/accueil/").content.decode()
    assert EvenementAudit.objects.filter(
        objet="demande", action="modification", objet_id=d.pk
    ).exists()
