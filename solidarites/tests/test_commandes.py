"""The project's base command (dry run by default, --wet-run, one transaction, logged) used by
the destructive commands, and `charger_contenus` failing on a missing step."""

import datetime as dt
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accueil.tests.factories import DemandeFactory, PersonneFactory
from annuaire.tests.factories import StructureFactory
from bilan.models import BilanConserve
from bilan.tests.factories import BilanConserveFactory
from depistage import stockage
from depistage.models import Depistage
from depistage.tests.factories import DepistageFactory
from solidarites.management.commands import charger_contenus

pytestmark = pytest.mark.django_db


def _appel(*args, **kwargs) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **kwargs)
    return out.getvalue()


def test_purger_bilans_simulation_puis_application(caplog):
    garde = BilanConserveFactory()
    BilanConserveFactory(expire_le=timezone.now() - dt.timedelta(days=1))
    with caplog.at_level(logging.INFO, logger="solidarites.commandes"):
        sortie = _appel("purger_bilans")
    assert "bilan conservé le" in sortie and "1 changement(s) prévu(s)" in sortie
    assert "--wet-run" in sortie and BilanConserve.objects.count() == 2
    assert "purger_bilans : simulation, 1 changement(s) prévu(s)" in caplog.text
    # --dry-run says the default explicitly.
    assert "rien n'a été modifié" in _appel("purger_bilans", dry_run=True)
    with caplog.at_level(logging.INFO, logger="solidarites.commandes"):
        sortie = _appel("purger_bilans", wet_run=True)
    assert "1 bilan(s) expiré(s) supprimé(s)." in sortie
    assert list(BilanConserve.objects.all()) == [garde]
    assert "purger_bilans : appliqué" in caplog.text
    for b in BilanConserve.objects.all():  # the code opens a bilan: never printed nor logged
        assert b.code not in sortie and b.code not in caplog.text


def test_les_deux_modes_ensemble_refuses():
    with pytest.raises(CommandError, match="s'excluent"):
        call_command("purger_bilans", wet_run=True, dry_run=True)


def test_anonymiser_inactifs_simulation_sans_donnee_personnelle():
    vieux = PersonneFactory(
        nom="Ancien", derniere_activite=timezone.localdate() - dt.timedelta(days=800)
    )
    demande = DemandeFactory(nom="Dupond")
    type(demande).objects.filter(pk=demande.pk).update(
        cree_le=timezone.now() - dt.timedelta(days=800)
    )
    sortie = _appel("anonymiser_inactifs")
    assert f"dossier {vieux.reference}" in sortie
    assert f"demande en ligne {demande.reference}" in sortie
    assert "Ancien" not in sortie and "Dupond" not in sortie
    vieux.refresh_from_db()
    assert vieux.nom == "Ancien"
    assert "1 dossier(s) et 1 demande(s) en ligne anonymisé(s)." in _appel(
        "anonymiser_inactifs", wet_run=True
    )
    assert "0 changement(s) prévu(s)" in _appel("anonymiser_inactifs")
    with pytest.raises(CommandError, match="--jours"):
        call_command("anonymiser_inactifs", jours=0)


def test_purger_depistages_simulation_garde_les_fichiers(settings, tmp_path):
    settings.DEPISTAGE_DIR = tmp_path / "depistage"
    perime = DepistageFactory(
        structure=StructureFactory(), expire_le=timezone.now() - dt.timedelta(minutes=1)
    )
    stockage.dossier(perime).mkdir(parents=True)
    stockage.entree(perime).write_text("x", encoding="utf-8")
    orphelin = stockage.racine() / "orphelin"
    orphelin.mkdir()
    sortie = _appel("purger_depistages")
    assert f"dépistage {perime.pk}" in sortie and "dossier sans dépistage : orphelin" in sortie
    assert stockage.dossier(perime).exists() and orphelin.exists()
    assert Depistage.objects.filter(pk=perime.pk).exists()
    assert "1 dépistage(s) supprimé(s)" in _appel("purger_depistages", wet_run=True)
    assert not stockage.dossier(perime).exists() and not orphelin.exists()


def test_application_transactionnelle(monkeypatch):
    """A failure while applying leaves the database as it was."""
    BilanConserveFactory(expire_le=timezone.now() - dt.timedelta(days=1))
    from bilan.management.commands import purger_bilans

    def casse(**options):
        BilanConserve.objects.all().delete()
        raise RuntimeError("panne")

    monkeypatch.setattr(purger_bilans.Command, "appliquer", lambda self, **o: casse(**o))
    with pytest.raises(RuntimeError):
        call_command("purger_bilans", wet_run=True, stdout=StringIO())
    assert BilanConserve.objects.count() == 1


def test_charger_contenus_echoue_sur_une_etape_manquante(monkeypatch):
    monkeypatch.setattr(charger_contenus, "ETAPES", [*charger_contenus.ETAPES, "charger_absent"])
    with pytest.raises(CommandError, match="Étape\\(s\\) introuvable\\(s\\) : charger_absent"):
        call_command("charger_contenus", stdout=StringIO())


def test_charger_contenus_nomme_l_etape_en_echec(monkeypatch, settings, tmp_path):
    settings.CONTENT_DIR = tmp_path  # no content folder: charger_territoires fails
    with pytest.raises(CommandError, match="Étape « charger_"):
        call_command("charger_contenus", stdout=StringIO())
