"""The demo directory as shipped: « done when » scenarios of issue 3 (71 and 77 loaded)."""

from datetime import datetime

import pytest
from django.core.management import call_command
from django.db import transaction

from annuaire import selectors
from annuaire.models import Permanence, Secteur, Service, Structure
from annuaire.presentation import horaires_permanence, preparer

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_71_77(django_db_setup, django_db_blocker):
    """Loaded once for the module inside a transaction rolled back at the end; each test runs in
    its own savepoint."""
    with django_db_blocker.unblock():
        bloc = transaction.atomic()
        bloc.__enter__()
        try:
            call_command("charger_territoires", departement=["71", "77"], verbosity=0)
            call_command("charger_annuaire", departement=["71", "77"], verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            bloc.__exit__(None, None, None)


def test_montceau_ado_trouve_la_maison_des_adolescents_et_ses_dates(demo_71_77):
    resultats = selectors.structures_pour(
        "71306", thematique="famille--soutien-a-la-parentalite-et-a-leducation"
    )
    mda = next(s for s in resultats if s.typologie == "maison-des-adolescents")
    preparer(selectors.avec_details([mda]), "71306", maintenant=datetime(2026, 12, 21, 9, 0))
    premiere = mda.permanences_triees[0]
    assert premiere.commune_id == "71306"  # the permanence in the resident's commune first
    assert premiere.lieu == "Espace prévention santé Éric Dubreuil"
    assert [c.debut for c in premiere.horaires.prochaines] == [
        datetime(2026, 12, 30, 14, 0),  # Wednesday, ISO week 53 (odd)
        datetime(2027, 1, 6, 14, 0),  # 1 Jan 2027 (Friday) is a public holiday; week 1 odd
        datetime(2027, 1, 8, 14, 0),
    ]
    # three permanences in the west of Saône-et-Loire
    assert {p.commune_id for p in mda.permanences_triees} == {"71306", "71153", "71014"}


def test_melun_rsa_trouve_la_mds_de_melun(demo_71_77):
    resultats = selectors.structures_pour("77288", droit="rsa")
    assert resultats[0].nom == "Maison départementale des solidarités de Melun"
    assert resultats[0].motif == "secteur"
    assert selectors.bureau_local_pour_commune("77288") == resultats[0]
    assert {"caf", "ccas", "france-travail"} <= {s.typologie for s in resultats}


def test_chaque_commune_a_sa_mds_et_son_pole_autonomie(demo_71_77, capsys):
    call_command("verifier_secteurs", departement=["71", "77"])
    sortie = capsys.readouterr().out
    assert sortie.count("✔") == 2
    for dep in ("71", "77"):
        communes = Structure.objects.filter(departement_id=dep).count()
        assert communes > 10
    assert Secteur.objects.filter(typologie="mds", commune__departement_id="71").count() == 563


def test_verifier_secteurs_signale_une_commune_sans_mds(demo_71_77, capsys):
    Secteur.objects.filter(commune_id="71306", typologie="mds").delete()
    with pytest.raises(Exception) as e:
        call_command("verifier_secteurs", departement=["71"])
    assert "1 commune(s) sans secteur" in str(e.value)
    assert "71306 Montceau-les-Mines" in capsys.readouterr().out


def test_chargement_idempotent_et_marque_demo(demo_71_77):
    avant = (Structure.objects.count(), Secteur.objects.count(), Permanence.objects.count())
    historique = (
        Structure.history.count(),
        Service.history.count(),
        Permanence.history.count(),
    )
    call_command("charger_annuaire", departement=["71", "77"], verbosity=0)
    assert avant == (Structure.objects.count(), Secteur.objects.count(), Permanence.objects.count())
    # Nothing changed: the history records no modification.
    assert historique == (
        Structure.history.count(),
        Service.history.count(),
        Permanence.history.count(),
    )
    assert not Structure.objects.filter(demo=False).exists()
    perm = Permanence.objects.get(nom="Permanence de Montceau-les-Mines")
    assert perm.a_verifier and "week 01-53/2" in perm.horaires
    assert horaires_permanence(perm, datetime(2026, 12, 30, 15, 0)).ouvert is True
