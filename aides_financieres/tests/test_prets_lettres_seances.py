"""Loans (late instalments, repayments, reminders), the kept notification letter (recorded as
sent) and the commission's members (attendance, who may decide, the minutes), through the
pages and the API of the gate."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from aides_financieres import services
from aides_financieres.models import LettreNotification, Relance, Remboursement
from aides_financieres.tests.factories import (
    AideAccordeeFactory,
    BesoinFactory,
    CommissionFactory,
    DemandeAideFactory,
    pret,
)
from annuaire.tests.factories import StructureFactory
from comptes.models import EvenementAudit
from comptes.roles import Role
from comptes.tests.factories import agent
from territoires.tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/aides-financieres"


@pytest.fixture
def monde():
    d77 = DepartementFactory(code="77")
    ccas = StructureFactory(nom="CCAS de Melun (test)", typologie="ccas", departement=d77)
    autre = StructureFactory(nom="CCAS de Meaux (test)", typologie="ccas", departement=d77)
    service = StructureFactory(nom="Service des aides (test)", typologie="departement",
                               departement=d77)  # fmt: skip
    return {
        "ccas": ccas,
        "ts": agent(ccas, Role.TRAVAILLEUR_SOCIAL, "ts-ccas"),
        "autre": agent(autre, Role.TRAVAILLEUR_SOCIAL, "ts-autre"),
        "service": agent(service, Role.AIDES_FINANCIERES, "service-77"),
        "commission": agent(service, Role.COMMISSION, "commission-77"),
        "absent": agent(service, Role.COMMISSION, "commission-absent"),
        "finances": agent(service, Role.FINANCES, "finances-77"),
    }


@pytest.fixture
def pdf_html(monkeypatch):
    """Keep the HTML of the PDFs (and skip WeasyPrint: the PDF itself is tested elsewhere)."""
    rendus = []

    def faux(html):
        rendus.append(html)
        return b"%PDF-1.7 test"

    monkeypatch.setattr("solidarites.pdf.pdf_depuis_html", faux)
    return rendus


def test_prets_en_retard_remboursement_et_relances(
    client, monde, pdf_html, django_capture_on_commit_callbacks
):
    aide = pret(decision__demande__structure=monde["ccas"])
    personne = aide.demande.personne
    personne.courriel, personne.telephone = "", ""
    personne.save()
    a_jour = pret(premiere=timezone.localdate() + dt.timedelta(days=3))
    client.force_login(monde["finances"])
    page = client.get("/aides-financieres/prets/?retard=1").content.decode()
    assert aide.demande.reference in page and a_jour.demande.reference not in page
    assert "4 mensualités, 400 €" in page.replace("\u202f", " ").replace("\xa0", " ")
    liste = client.get(f"{API}/prets", {"en_retard": True}).json()
    assert [p["id"] for p in liste] == [aide.pk]
    assert liste[0]["solde"] == "600.00" and liste[0]["echeances_en_retard"] == 4
    # Bad input: named in French, nothing saved.
    for corps, champ in (({"montant": -5}, "montant"), ({"montant": 700}, "montant"),
                         ({"montant": 50, "date": "2099-01-01"}, "date")):  # fmt: skip
        r = client.post(f"{API}/prets/{aide.pk}/remboursements", corps,
                        content_type="application/json")  # fmt: skip
        assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == champ, r.json()
    assert not Remboursement.objects.exists()
    # A repayment covers the oldest instalments first; the balance follows.
    r = client.post(f"/aides-financieres/prets/{aide.pk}/remboursements/",
                    {"montant": "150", "reference": "T-1"}, follow=True)  # fmt: skip
    assert "Remboursement de 150 €" in r.content.decode().replace("\u202f", " ")
    etat = client.get(f"{API}/prets/{aide.pk}").json()
    assert etat["rembourse"] == "150.00" and etat["solde"] == "450.00"
    assert etat["montant_en_retard"] == "250.00"
    assert aide.echeances.filter(remboursee_le__isnull=False).count() == 1
    # Reminders: by e-mail without an address is refused; a letter is printable; an SMS is
    # queued once the file has a number (never sent from the request).
    r = client.post(f"{API}/prets/{aide.pk}/relances", {"canal": "courriel"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "canal"
    r = client.post(f"/aides-financieres/prets/{aide.pk}/relances/", {"canal": "courrier"})
    assert r.status_code == 302 and Relance.objects.get().canal == "courrier"
    r = client.get(f"/aides-financieres/prets/{aide.pk}/relance.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert "250 €" in pdf_html[-1].replace("\u202f", " ") and personne.nom in pdf_html[-1]
    personne.telephone = "06 12 34 56 78"
    personne.save()
    avant = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{API}/prets/{aide.pk}/relances", {"canal": "sms"},
                        content_type="application/json")  # fmt: skip
    assert r.status_code == 201 and r.json()["montant_du"] == "250.00"
    tache = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == avant + 1 and tache.task_path.endswith("envoyer_sms")
    assert "3 mensualités en retard" in tache.args_kwargs["args"][1]
    page = client.get(f"/aides-financieres/prets/{aide.pk}/").content.decode()
    assert "SMS" in page and "Courriel" in page
    # A loan repaid in full: nothing late, nothing to remind.
    services.enregistrer_remboursement(None, aide, "450")
    with pytest.raises(services.ErreurChamps, match="rien à relancer"):
        services.relancer(None, aide, "courrier")
    assert client.get(f"{API}/prets/{aide.pk}").json()["solde"] == "0.00"
    # A gift is not a loan (404), and other roles never see loans.
    don = AideAccordeeFactory()
    assert client.get(f"{API}/prets/{don.pk}").status_code == 404
    client.force_login(monde["ts"])
    assert client.get(f"/aides-financieres/prets/{aide.pk}/").status_code == 403
    assert EvenementAudit.objects.filter(objet="remboursement_aide").exists()


def _en_commission(monde, commission):
    d = DemandeAideFactory(structure=monde["ccas"], statut="en_commission", commission=commission,
                           montant_propose=Decimal("2000"))  # fmt: skip
    BesoinFactory(demande=d)
    d.proposition = services.calculer_proposition(d)
    d.save()
    return d


def test_membres_presents_decident_et_proces_verbal(client, monde, pdf_html):
    commission = CommissionFactory()
    d = _en_commission(monde, commission)
    url = f"/aides-financieres/commissions/{commission.pk}/"
    client.force_login(monde["commission"])
    page = client.get(url).content.decode()
    assert "commission-77" in page and "présence non notée" in page
    assert client.get(f"/aides-financieres/demandes/{d.pk}/decision/").status_code == 403
    assert (
        client.post(url + "presences/", {"presents": [monde["commission"].pk]}).status_code == 403
    )
    client.force_login(monde["service"])
    r = client.post(url + "presences/", {"presents": [monde["commission"].pk]}, follow=True)
    assert "Présences enregistrées" in r.content.decode()
    client.force_login(monde["absent"])
    assert client.get(f"/aides-financieres/demandes/{d.pk}/decision/").status_code == 403
    client.force_login(monde["commission"])
    assert client.get(f"/aides-financieres/demandes/{d.pk}/decision/").status_code == 200
    r = client.post(f"/aides-financieres/demandes/{d.pk}/decision/",
                    {"version": d.version, "nature": "refusee", "motif_refus": "hors_criteres"})  # fmt: skip
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.statut == "refusee"
    r = client.get(url + "proces-verbal.pdf")
    assert r.status_code == 200
    html = pdf_html[-1]
    assert "Membres présents : commission-77." in html
    assert "Membres absents ou excusés : commission-absent." in html
    assert d.personne.nom not in html
    # The session closed, attendance is frozen.
    commission.tenue = True
    commission.save()
    with pytest.raises(services.ErreurChamps, match="close"):
        services.noter_presences(None, commission, [])


def test_lettre_generee_conservee_envoyee_et_gardee(
    client, monde, pdf_html, django_capture_on_commit_callbacks
):
    commission = CommissionFactory()
    d = _en_commission(monde, commission)
    client.force_login(monde["service"])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"{API}/demandes/{d.pk}/decision",
                        {"version": d.version, "nature": "refusee", "motif_refus": "hors_criteres"},
                        content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    # Generated at the decision by the job queue (here the download generates it first).
    assert DBTaskResult.objects.filter(task_path__endswith="generer_lettre").exists()
    r = client.get(f"/aides-financieres/demandes/{d.pk}/lettre.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    lettre = LettreNotification.objects.get()
    html = pdf_html[-1]
    assert "n'est pas accordée" in html and "Si vous n'êtes pas d'accord" in html
    # Always the same kept copy.
    assert client.get(f"{API}/demandes/{d.pk}/lettre").content == r.content
    assert len(pdf_html) == 1 and LettreNotification.objects.count() == 1
    # Recorded as sent: when, how, by whom; once.
    r = client.post(f"{API}/demandes/{d.pk}/lettre/envoi", {"canal": "pigeon"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400
    client.force_login(monde["ts"])
    r = client.post(f"/aides-financieres/demandes/{d.pk}/lettre/envoi/", {"canal": "remise"},
                    follow=True)  # fmt: skip
    assert "Lettre notée envoyée" in r.content.decode()
    lettre.refresh_from_db()
    assert lettre.canal == "remise" and lettre.envoyee_par == monde["ts"] and lettre.envoyee_le
    page = client.get(f"/aides-financieres/demandes/{d.pk}/").content.decode()
    assert "Lettre envoyée le" in page and "ts-ccas" in page
    r = client.post(f"{API}/demandes/{d.pk}/lettre/envoi", {"canal": "courrier"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and "déjà notée envoyée" in r.json()["erreurs"][0]["message"]
    # Another structure: 404 on the letter, page and API; every read audited.
    client.force_login(monde["autre"])
    assert client.get(f"/aides-financieres/demandes/{d.pk}/lettre.pdf").status_code == 404
    assert client.get(f"{API}/demandes/{d.pk}/lettre").status_code == 404
    assert EvenementAudit.objects.filter(objet="lettre_aide", action="export").count() == 2
