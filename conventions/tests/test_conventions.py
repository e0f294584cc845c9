"""Les conventions des graines (Montceau-les-Mines, Hand'Aura, Elan 2) : chacun ne voit que les
siennes, une association renseigne son indicateur depuis son compte, une autre ne le voit pas ;
synthèse des montants ; alertes avant l'échéance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from annuaire.models import Structure
from annuaire.tests.factories import StructureFactory
from chiffres.tests.demo import compte, module_charge
from comptes.models import EvenementAudit
from conventions import selectors, services
from conventions.models import Alerte, Convention, IndicateurConvention, Releve

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with module_charge(django_db_blocker, ("77", "71"), activite=False):
        yield


def _structure(ident):
    return Structure.objects.get(identifiant=f"solidarites-demo--{ident}")


@pytest.fixture
def comptes(demo):
    pil77 = StructureFactory(typologie="departement", commune_id="77288", departement_id="77")
    pil71 = StructureFactory(typologie="departement", commune_id="71270", departement_id="71")
    return {
        "handaura": compte(_structure("77-hand-aura"), "partenaire", "t-handaura"),
        "elan2": compte(_structure("77-elan-2"), "partenaire", "t-elan2"),
        "ccas": compte(_structure("71-ccas-71306"), "partenaire", "t-ccas-montceau"),
        "pilotage77": compte(pil77, "pilotage", "t-pilotage77"),
        "pilotage71": compte(pil71, "pilotage", "t-pilotage71"),
    }


def test_montceau_quatre_axes_deux_parties_150000_par_an(demo):
    c = Convention.objects.get(cle="71-montceau-2021-2023")
    assert [a.numero for a in c.axes.all()] == [1, 2, 3, 4]
    assert {p.structure.nom for p in c.parties.all()} == {
        "Ville de Montceau-les-Mines",
        "Centre communal d'action sociale (CCAS) de Montceau-les-Mines",
    }
    assert {(m.annee, m.montant) for m in c.montants.all()} == {
        (2021, Decimal(150000)),
        (2022, Decimal(150000)),
        (2023, Decimal(150000)),
    }
    assert Convention.objects.get(cle="77-hand-aura").montants.first().montant == 20000
    assert Convention.objects.get(cle="77-elan-2").montants.first().montant == 30000


def test_une_association_renseigne_son_indicateur_une_autre_ne_le_voit_pas(client, comptes):
    c = Convention.objects.get(cle="77-hand-aura")
    ind = c.indicateurs.get()
    client.force_login(comptes["handaura"])
    liste = client.get("/conventions/").content.decode()
    assert "Hand&#x27;Aura" in liste and "Elan 2" not in liste
    assert client.get(f"/conventions/{c.pk}/").status_code == 200
    r = client.post(
        f"/conventions/indicateurs/{ind.pk}/releve/",
        {"annee": 2025, "valeur": "117", "commentaire": "Bilan d'activité 2025"},
    )
    assert r.status_code == 302
    releve = Releve.objects.get(indicateur=ind, annee=2025)
    assert (releve.valeur, releve.saisi_par) == (117, comptes["handaura"])
    assert "117" in client.get(f"/conventions/{c.pk}/").content.decode()
    # Elan 2 : ni la convention, ni l'indicateur, ni par l'API (même réponse qu'inexistant)
    client.force_login(comptes["elan2"])
    assert client.get(f"/conventions/{c.pk}/").status_code == 404
    assert client.get(f"/conventions/indicateurs/{ind.pk}/releve/").status_code == 404
    assert client.get(f"/api/v1/conventions/{c.pk}").status_code == 404
    r = client.post(
        f"/api/v1/conventions/indicateurs/{ind.pk}/releves",
        {"annee": 2025, "valeur": 1},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert [x["cle"] for x in client.get("/api/v1/conventions").json()] == ["77-elan-2"]
    assert EvenementAudit.objects.filter(action="refus", objet="convention").exists()
    assert Releve.objects.get(indicateur=ind, annee=2025).valeur == 117


def test_saisie_par_l_api_et_erreurs_en_francais(client, comptes):
    ind = IndicateurConvention.objects.get(convention__cle="77-elan-2")
    client.force_login(comptes["elan2"])
    url = f"/api/v1/conventions/indicateurs/{ind.pk}/releves"
    r = client.post(url, {"annee": 2019, "valeur": 3}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["erreurs"][0]["champ"] == "annee"
    assert "2024 et 2026" in r.json()["erreurs"][0]["message"]
    r = client.post(url, {"annee": 2025, "valeur": -1}, content_type="application/json")
    assert r.status_code == 400 and r.json()["erreurs"][0]["champ"] == "valeur"
    r = client.post(url, {"annee": 2025, "valeur": 64}, content_type="application/json")
    assert r.status_code == 200 and r.json()["valeur"] == 64
    r = client.post(f"/conventions/indicateurs/{ind.pk}/releve/", {"annee": "", "valeur": "x"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Ce champ est obligatoire." in html and "Un nombre est attendu." in html


def test_montceau_chaque_partie_renseigne_les_siens(client, comptes):
    c = Convention.objects.get(cle="71-montceau-2021-2023")
    client.force_login(comptes["ccas"])
    detail = client.get(f"/api/v1/conventions/{c.pk}").json()
    saisissables = {i["libelle"] for i in detail["indicateurs"] if i["saisissable"]}
    assert saisissables == {
        "Bénéficiaires du RSA en accompagnement global associant le CCAS",
        "Personnes âgées accueillies et orientées par le CCAS",
    }
    ville = c.indicateurs.get(partie__qualite="Ville", libelle__startswith="Places")
    assert (
        client.post(
            f"/conventions/indicateurs/{ville.pk}/releve/", {"annee": 2022, "valeur": 9}
        ).status_code
        == 403
    )


def test_le_pilotage_voit_son_departement_et_la_synthese(client, comptes):
    client.force_login(comptes["pilotage77"])
    cles = {x["cle"] for x in client.get("/api/v1/conventions").json()}
    assert cles == {"77-hand-aura", "77-elan-2", "77-auto-ecole-ugecam"}
    s = client.get("/api/v1/conventions/montants").json()
    assert s["annees"] == [2024, 2025, 2026, 2027]
    assert s["total"] == [75000.0, 75000.0, 75000.0, 25000.0]
    handicap = next(x for x in s["par_politique"] if x["libelle"] == "Handicap")
    assert handicap["total"] == 250000.0
    page = client.get("/conventions/montants/")
    assert page.status_code == 200 and "250" in page.content.decode()
    csv = client.get("/conventions/montants/?format=csv").content.decode("utf-8-sig")
    assert "partenaire;Hand'Aura (association);20000.00;20000.00;20000.00;0;60000.00" in csv
    client.force_login(comptes["pilotage71"])
    assert (
        client.get(f"/conventions/{Convention.objects.get(cle='77-elan-2').pk}/").status_code == 404
    )
    montceau = selectors.synthese_montants(Convention.objects.filter(departement_id="71"))
    assert montceau["par_partenaire"][0][0].startswith("Ville de Montceau-les-Mines et ")
    client.force_login(comptes["handaura"])
    assert client.get("/conventions/montants/").status_code == 403
    assert client.get("/api/v1/conventions/montants").status_code == 403


def test_alertes_avant_la_fin_et_la_revue(comptes, settings, monkeypatch, envois_immediats):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    u = comptes["pilotage77"]
    u.email = "pilotage77@example.org"
    u.save()
    jour = dt.date(2026, 11, 28)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: jour)
    proches = services.echeances_proches(jour, 60)
    assert {(c.cle, n) for c, n, _ in proches} == {
        ("77-hand-aura", "revue"),
        ("77-hand-aura", "fin"),
        ("77-elan-2", "revue"),
        ("77-elan-2", "fin"),
    }
    call_command("alertes_conventions", "--dry-run", "--jours", "60")
    assert Alerte.objects.count() == 0 and len(mail.outbox) == 0
    call_command("alertes_conventions", "--wet-run", "--jours", "60")
    assert Alerte.objects.count() == 4
    assert len(mail.outbox) == 4 and mail.outbox[0].to == ["pilotage77@example.org"]
    call_command("alertes_conventions", "--wet-run", "--jours", "60")
    assert len(mail.outbox) == 4  # une seule fois par échéance


def test_rechargement_garde_les_releves_saisis(comptes):
    ind = IndicateurConvention.objects.get(convention__cle="77-hand-aura")
    services.saisir_releve(ind, annee=2025, valeur=99, auteur=comptes["handaura"])
    services.charger()
    assert Releve.objects.get(indicateur__convention__cle="77-hand-aura", annee=2025).valeur == 99
    assert Convention.objects.count() == 4
