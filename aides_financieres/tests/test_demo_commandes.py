"""Demo data (deterministic, labelled, personal data only with SOLIDARITES_DEMO=1) and the
commands (accounting export, envelope alerts with a dry run by default)."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from aides_financieres import demo
from aides_financieres.models import DemandeAide, Enveloppe, Paiement
from annuaire.tests.factories import SecteurFactory, StructureFactory
from comptes.tests.factories import melun
from territoires.tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures():
    dep = DepartementFactory(code="77")
    mds = StructureFactory(nom="MDS de Melun (test)", typologie="mds", departement=dep)
    SecteurFactory(structure=mds, commune=melun())
    return mds


def _empreinte():
    return sorted(
        DemandeAide.objects.values_list("reference", "statut", "montant_propose", "montant_accorde")
    )


def test_sans_demo_seulement_les_enveloppes(structures, monkeypatch):
    monkeypatch.delenv("SOLIDARITES_DEMO", raising=False)
    call_command("charger_demo_aides_financieres", stdout=io.StringIO())
    assert Enveloppe.objects.count() == 21 and DemandeAide.objects.count() == 0


def test_demo_deterministe_et_idempotente(structures, monkeypatch):
    monkeypatch.setenv("SOLIDARITES_DEMO", "1")
    monkeypatch.setattr(demo, "PAR_DEPARTEMENT", 24)
    aujourdhui = dt.date(2026, 11, 28)
    demo.charger(True, aujourdhui)
    premiere = _empreinte()
    demo.charger(True, aujourdhui)
    assert _empreinte() == premiere and len(premiere) == 24
    assert all(d.demo and d.personne.nom.endswith("(démo)") for d in DemandeAide.objects.all())
    statuts = {s for _, s, _, _ in premiere}
    assert {"payee", "refusee"} <= statuts
    assert Paiement.objects.exists()


def test_export_comptable_et_alertes(structures, monkeypatch, tmp_path, settings, envois_immediats):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(demo, "PAR_DEPARTEMENT", 24)
    demo.charger(True)
    chemin = tmp_path / "paiements.csv"
    err = io.StringIO()
    call_command(
        "exporter_paiements_aides",
        departement="77",
        du="2020-01-01",
        au="2100-01-01",
        fichier=str(chemin),
        stderr=err,
    )
    texte = chemin.read_text(encoding="utf-8")
    assert texte.startswith("\ufeffdate_paiement;numero_mandat")
    assert texte.count("\n") - 1 == Paiement.objects.count()
    # An envelope spent: listed by the dry run, e-mailed only with --wet-run.
    Enveloppe.objects.filter(departement="77").update(montant=1)
    sortie = io.StringIO()
    call_command(
        "alertes_enveloppes", departement=["77"], destinataire=["aides@exemple.fr"], stdout=sortie
    )
    assert "épuisée" in sortie.getvalue() and len(mail.outbox) == 0
    call_command(
        "alertes_enveloppes",
        departement=["77"],
        destinataire=["aides@exemple.fr"],
        wet_run=True,
        stdout=io.StringIO(),
    )
    assert len(mail.outbox) == 1 and "épuisée" in mail.outbox[0].body


def test_demo_prets_en_retard_et_relances(structures, monkeypatch):
    """The demo has late loans (and loans repaid on time); `relancer_prets` lists them without
    a name, reminds them only with --wet-run, and not twice within the interval."""
    from aides_financieres import selectors
    from aides_financieres.models import AideAccordee, Relance, Remboursement

    monkeypatch.setattr(demo, "PAR_DEPARTEMENT", 40)
    demo.charger(True, dt.date(2026, 11, 28))
    assert Remboursement.objects.exists()
    en_retard = selectors.prets(AideAccordee.objects.all(), en_retard=True)
    assert en_retard and len(en_retard) < len(selectors.prets(AideAccordee.objects.all()))
    Relance.objects.all().delete()
    sortie = io.StringIO()
    call_command("relancer_prets", stdout=sortie)
    assert sortie.getvalue().count("mensualité(s) en retard") == len(en_retard)
    assert "(démo)" not in sortie.getvalue() and not Relance.objects.exists()
    call_command("relancer_prets", wet_run=True, stdout=io.StringIO())
    assert Relance.objects.count() == len(en_retard)
    assert {r.canal for r in Relance.objects.all()} == {"courrier"}  # no address in the demo
    sortie = io.StringIO()
    call_command("relancer_prets", stdout=sortie)
    assert "mensualité(s) en retard" not in sortie.getvalue()
