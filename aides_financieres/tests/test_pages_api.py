"""Pages and API of the single fund through the gate: filing from a person's file (bilan code),
French field errors with nothing saved, documents checked and served only to those who may see
them, decisions (409 for the second of two deciders), payments, finance without social notes,
every read audited."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from accueil.tests.factories import PersonneFactory
from aides_financieres.models import DemandeAide, PieceJustificative
from aides_financieres.tests.factories import (
    SITUATION_PARENT,
    BesoinFactory,
    CommissionFactory,
    DemandeAideFactory,
)
from annuaire.tests.factories import StructureFactory
from bilan.services import conserver_bilan
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import agent
from territoires.tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
API = "/api/v1/aides-financieres"


@pytest.fixture
def monde():
    d77 = DepartementFactory(code="77")
    ccas = StructureFactory(nom="CCAS de Melun (test)", typologie="ccas", departement=d77)
    autre = StructureFactory(nom="CCAS de Meaux (test)", typologie="ccas", departement=d77)
    service = StructureFactory(
        nom="Service des aides (test)", typologie="departement", departement=d77
    )
    return {
        "ccas": ccas,
        "ts": agent(ccas, Role.TRAVAILLEUR_SOCIAL, "ts-ccas"),
        "autre": agent(autre, Role.TRAVAILLEUR_SOCIAL, "ts-autre"),
        "service": agent(service, Role.AIDES_FINANCIERES, "service-77"),
        "commission": agent(service, Role.COMMISSION, "commission-77"),
        "finances": agent(service, Role.FINANCES, "finances-77"),
        "personne": PersonneFactory(structure=ccas),
    }


def _formulaire(**autres):
    donnees = {
        "mois": "2026-11",
        "commune": "77288",
        "logement_statut": "locataire_prive",
        "loyer": "750",
        "p0-role": "demandeur",
        "p0-age": "34",
        "p0-activite": "sans_emploi",
        "p1-role": "enfant",
        "p1-age": "3",
        "prestation-rsa": "700",
        "prestation-aide-logement": "400",
        "charge-loyer": "750",
        "charge-energie": "120",
        "b0-besoin": "impaye_loyer",
        "b0-montant": "1800",
        "b0-creancier": "bailleur",
        "b0-creancier_nom": "Habitat 77",
        "b1-besoin": "energie",
        "b1-montant": "300",
        "b1-creancier": "fournisseur_energie",
        "b1-creancier_nom": "EDF",
        "evaluation_sociale": "Note sociale confidentielle",
        "deposer": "1",
    }
    donnees.update(autres)
    return donnees


def test_demande_ouverte_depuis_le_dossier_avec_un_code_de_bilan(client, monde):
    bilan = conserver_bilan(SITUATION_PARENT, {"droits": []})
    client.force_login(monde["ts"])
    url = f"/aides-financieres/personnes/{monde['personne'].pk}/nouvelle/"
    r = client.get(url, {"code_bilan": bilan.code_affiche})
    assert r.status_code == 200
    page = r.content.decode()
    assert f"bilan {bilan.code_affiche}" in page and 'value="7"' in page  # the 7-year-old child
    r = client.get(url, {"code_bilan": "ZZZZ-ZZZZ"})
    assert "inconnu ou a expiré" in r.content.decode()
    r = client.post(url, _formulaire(code_bilan=bilan.code_affiche))
    d = DemandeAide.objects.get()
    assert r.status_code == 302 and r.url == f"/aides-financieres/demandes/{d.pk}/"
    assert d.statut == "deposee" and d.structure == monde["ccas"] and d.code_bilan
    assert d.proposition["lignes"]
    # The person's file shows the button and the application.
    fiche = client.get(f"/accueil/personnes/{monde['personne'].pk}/").content.decode()
    assert "Demande d'aide financière" in fiche and d.reference in fiche


def test_mauvaise_saisie_message_en_francais_rien_d_enregistre(client, monde):
    client.force_login(monde["ts"])
    url = f"/aides-financieres/personnes/{monde['personne'].pk}/nouvelle/"
    r = client.post(url, _formulaire(**{"b0-montant": "-50", "charge-energie": "beaucoup"}))
    assert r.status_code == 400
    page = r.content.decode()
    assert "Rien n'a été enregistré" in page
    assert "besoins.0.montant" in page and "Le montant ne peut pas être négatif." in page
    assert "charges.energie" in page
    assert 'value="-50"' in page  # what was typed is kept
    assert DemandeAide.objects.count() == 0


def _depot(monde, **kw):
    d = DemandeAideFactory(structure=monde["ccas"], personne=monde["personne"], **kw)
    BesoinFactory(demande=d)
    return d


def test_piece_et_acces_d_une_autre_structure(client, monde):
    d = _depot(monde, statut="deposee")
    client.force_login(monde["ts"])
    r = client.post(
        f"/aides-financieres/demandes/{d.pk}/pieces/",
        {
            "nature": "bail",
            "fichier": SimpleUploadedFile("faux.pdf", b"GIF89a...", "application/pdf"),
        },
    )
    assert PieceJustificative.objects.count() == 0
    r = client.post(
        f"/aides-financieres/demandes/{d.pk}/pieces/",
        {"nature": "bail", "fichier": SimpleUploadedFile("bail.pdf", PDF, "application/pdf")},
        follow=True,
    )
    assert "Pièce ajoutée" in r.content.decode()
    piece = PieceJustificative.objects.get()
    r = client.get(f"/aides-financieres/pieces/{piece.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert (
        r["Content-Disposition"].startswith("attachment")
        and r["X-Content-Type-Options"] == "nosniff"
    )
    # Another structure: 404 on the application and its document, refusal audited.
    client.force_login(monde["autre"])
    for url in (
        f"/aides-financieres/demandes/{d.pk}/",
        f"/aides-financieres/pieces/{piece.pk}/",
        f"{API}/demandes/{d.pk}",
        f"{API}/pieces/{piece.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        EvenementAudit.objects.filter(action="refus", personne_id=monde["personne"].pk).count() == 4
    )
    # Finance: payments, never the application nor its documents.
    client.force_login(monde["finances"])
    assert client.get(f"/aides-financieres/demandes/{d.pk}/").status_code == 403
    assert client.get(f"/aides-financieres/pieces/{piece.pk}/").status_code == 403
    assert client.get("/aides-financieres/paiements/").status_code == 200


def test_lecture_journalisee_et_notes_pour_le_service(client, monde):
    d = _depot(monde, statut="deposee")
    client.force_login(monde["service"])
    r = client.get(f"/aides-financieres/demandes/{d.pk}/")
    assert r.status_code == 200 and escape(d.evaluation_sociale) in r.content.decode()
    assert EvenementAudit.objects.filter(
        action="consultation", objet="demande_aide", objet_id=d.pk
    ).exists()


def test_parcours_api_et_deux_decisions_concurrentes(client, monde):
    bilan = conserver_bilan(SITUATION_PARENT, {"droits": [
        {"slug": "rsa", "eligible": True, "montant_mensuel": 700},
        {"slug": "aide-logement", "eligible": True, "montant_mensuel": 400},
    ]})  # fmt: skip
    client.force_login(monde["ts"])
    corps = {
        "personne_id": monde["personne"].pk,
        "code_bilan": bilan.code,
        "charges": {"loyer": 750, "energie": 120},
        "besoins": [
            {"besoin": "impaye_loyer", "montant": 1800, "creancier": "bailleur",
             "creancier_nom": "Habitat 77"},
            {"besoin": "energie", "montant": "-3"},
        ],
        "deposer": True,
    }  # fmt: skip
    r = client.post(f"{API}/demandes", corps, content_type="application/json")
    assert r.status_code == 400
    assert {
        "champ": "besoins.1.montant",
        "message": "La valeur doit être supérieure à 0.",
    } in r.json()["erreurs"] or any(e["champ"] == "besoins.1.montant" for e in r.json()["erreurs"])
    corps["besoins"][1] = {"besoin": "energie", "montant": 300, "creancier": "fournisseur_energie",
                           "creancier_nom": "EDF"}  # fmt: skip
    r = client.post(f"{API}/demandes", corps, content_type="application/json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert d["prestations"] == {"rsa": 700.0, "aide-logement": 400.0} and d["statut"] == "deposee"
    pk = d["id"]
    r = client.post(
        f"{API}/demandes/{pk}/pieces",
        {"nature": "bail", "fichier": SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")},
    )
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "fichier"
    # The aid service instructs and puts it on a commission's agenda.
    client.force_login(monde["service"])
    for statut in ("complete", "en_instruction"):
        v = client.get(f"{API}/demandes/{pk}").json()["version"]
        r = client.post(f"{API}/demandes/{pk}/statut", {"statut": statut, "version": v},
                        content_type="application/json")  # fmt: skip
        assert r.status_code == 200, r.json()
    commission = CommissionFactory()
    v = client.get(f"{API}/demandes/{pk}").json()["version"]
    r = client.post(f"{API}/demandes/{pk}/commission", {"commission_id": commission.pk, "version": v},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["statut"] == "en_commission"
    v = r.json()["version"]
    # A refusal without its reason: 400 naming the field, nothing saved.
    r = client.post(f"{API}/demandes/{pk}/decision", {"version": v, "nature": "refusee"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "motif_refus"
    # A commission member not recorded present at the session may not decide (403).
    client.force_login(monde["commission"])
    partiel = {"version": v, "nature": "partiellement_accordee", "motif_refus": "plafond_atteint",
               "lignes": [{"fonds": "fsl-maintien-77", "montant": 1200}]}  # fmt: skip
    r = client.post(f"{API}/demandes/{pk}/decision", partiel, content_type="application/json")
    assert r.status_code == 403 and "présents" in r.json()["detail"]
    # The aid service notes who sits; an account outside the commission is refused.
    client.force_login(monde["service"])
    r = client.put(f"{API}/commissions/{commission.pk}/presences",
                   {"presents": [monde["ts"].pk]}, content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "presents.0"
    r = client.put(f"{API}/commissions/{commission.pk}/presences",
                   {"presents": [monde["commission"].pk]}, content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["membres"] == [
        {"utilisateur_id": monde["commission"].pk, "nom": "commission-77", "present": True}
    ]
    # Two members decide at once: the second is told (409), no overwrite.
    client.force_login(monde["commission"])
    r = client.post(f"{API}/demandes/{pk}/decision", partiel, content_type="application/json")
    assert r.status_code == 201, r.json()
    aide_id = None
    r2 = client.post(
        f"{API}/demandes/{pk}/decision",
        {
            "version": v,
            "nature": "accordee",
            "lignes": [{"fonds": "fsl-maintien-77", "montant": 1440}],
        },
        content_type="application/json",
    )
    assert r2.status_code == 409 and "quelqu'un d'autre" in r2.json()["detail"]
    assert client.get(f"{API}/demandes/{pk}").json()["montant_accorde"] == "1200.00"
    # Payment of the landlord by the aid service; finance sees it without social notes.
    client.force_login(monde["service"])
    aides = client.get(f"{API}/aides").json()
    aide_id = aides[0]["id"]
    assert aides[0]["beneficiaire"] == "bailleur" and aides[0]["beneficiaire_nom"] == "Habitat 77"
    r = client.post(
        f"{API}/aides/{aide_id}/paiements", {"montant": -5}, content_type="application/json"
    )
    assert r.status_code == 400
    r = client.post(f"{API}/aides/{aide_id}/paiements", {"montant": 1200, "reference_mandat": "M-1"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    # The notification letter and the session's minutes are PDFs (no name in the minutes).
    lettre = client.get(f"/aides-financieres/demandes/{pk}/lettre.pdf")
    assert lettre["Content-Type"] == "application/pdf" and lettre.content.startswith(b"%PDF")
    pv = client.get(f"/aides-financieres/commissions/{commission.pk}/proces-verbal.pdf")
    assert pv["Content-Type"] == "application/pdf" and pv.content.startswith(b"%PDF")
    client.force_login(monde["finances"])
    assert client.get(f"{API}/demandes/{pk}").status_code == 403
    export = client.get(f"{API}/paiements/export", {"du": "2020-01-01", "au": "2100-01-01"})
    assert export.status_code == 200 and "Habitat 77" in export.content.decode()
    assert "Note" not in export.content.decode()
    budget = client.get(f"{API}/budget").json()
    assert budget["engage"] == "1200.00" and budget["fsl"]["menages_aides"] == 1


def test_simulation_publique_et_openapi(client):
    r = client.post(
        f"{API}/proposition",
        {"situation": SITUATION_PARENT, "prestations": {"rsa": 700, "aide-logement": 400,
         "allocations-familiales": 150, "asf": 350},
         "charges": {"loyer": 750, "energie": 120, "eau": 30, "assurances": 20, "telephone": 40},
         "besoins": [{"besoin": "energie", "montant": 450}]},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 200 and r.json()["total"] == "360.00"
    r = client.post(f"{API}/proposition", {"situation": {"commune": "x"}, "besoins": []},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["erreurs"]
    schema = client.get("/api/v1/openapi.json").json()
    chemins = [c for c in schema["paths"] if c.startswith(API)]
    assert f"{API}/demandes/{{pk}}/decision" in chemins and len(chemins) >= 20
    for chemin in ("/prets", "/prets/{pk}/remboursements", "/prets/{pk}/relances",
                   "/demandes/{pk}/lettre", "/demandes/{pk}/lettre/envoi",
                   "/commissions/{pk}/presences"):  # fmt: skip
        assert f"{API}{chemin}" in chemins, chemin
    assert json.dumps(schema).count("aides-financieres") > 10


def test_pages_publiques_du_bareme(client):
    r = client.get("/aides-financieres/bareme/94/")
    page = r.content.decode()
    assert r.status_code == 200 and "Avant et après l'harmonisation" in page
    assert "Ancien FSL maintien" in page and "tribunal administratif" in page
    assert client.get("/aides-financieres/bareme/13/").status_code == 404
