"""#16: the accueil's statistics over a period, with charts (each with its data table) and the
spreadsheet CSV (semicolons, decimal comma, BOM)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accueil.models import Contact
from accueil.tests.factories import ContactFactory


def test_periode_graphiques_et_tableaux(client, monde):
    aujourdhui = timezone.localdate()
    ancien = ContactFactory(personne=monde["personne"], canal="courriel")
    Contact.objects.filter(pk=ancien.pk).update(date=timezone.now() - datetime.timedelta(days=500))
    client.force_login(monde["comptes"]["A.encadrant"])
    page = client.get("/accueil/statistiques/").content.decode()
    assert page.count('<img src="data:image/svg+xml;base64,') == 5
    assert page.count("<details") >= 5 and "Contacts par mois" in page
    assert "Contacts enregistrés : <strong>1</strong>" in page  # 12 months: the old one is out
    du = (aujourdhui - datetime.timedelta(days=600)).isoformat()
    page = client.get(
        f"/accueil/statistiques/?du={du}&au={aujourdhui.isoformat()}"
    ).content.decode()
    assert "Contacts enregistrés : <strong>2</strong>" in page
    r = client.get(f"/accueil/statistiques/?du={aujourdhui.isoformat()}&au=2020-01-01")
    page = r.content.decode()
    assert r.status_code == 200 and "La date de fin doit suivre la date de début." in page
    assert "<title>Erreur" in page
    assert "non reconnue" in client.get("/accueil/statistiques/?du=31/02/x").content.decode()


def test_export_csv_pour_tableur(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    r = client.get("/accueil/statistiques/export.csv?du=2026-01-01&au=2026-12-31")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert "statistiques-accueil-2026-01-01-2026-12-31.csv" in r["Content-Disposition"]
    texte = r.content.decode("utf-8")
    assert texte.startswith("\ufeffrubrique;libellé;valeur\r\n")
    assert "période;du;01/01/2026" in texte and "contacts par mois;12/2026;" in texte
    assert "besoins exprimés;Logement;" in texte


def test_statistiques_sans_donnee_personnelle_et_reservees(client, monde):
    client.force_login(monde["comptes"]["A.accueil"])
    page = client.get("/accueil/statistiques/").content.decode()
    assert monde["personne"].nom not in page
    client.logout()
    assert client.get("/accueil/statistiques/export.csv").status_code == 302
