import shutil

import pytest
import yaml
from django.core.management import CommandError, call_command

from droits import schema
from droits.models import Droit
from droits.recherche import index


def etat_base():
    return sorted(
        (d.slug, d.statut, tuple(sorted(d.en_fiche().items(), key=lambda kv: kv[0])).__repr__())
        for d in Droit.objects.select_related("variante_de")
    )


def test_chargement_idempotent(db, contenu_test):
    dossier = contenu_test / "droits"
    call_command("charger_droits", "--dossier", str(dossier))
    avant = etat_base()
    historique = Droit.history.count()
    call_command("charger_droits", "--dossier", str(dossier))
    assert etat_base() == avant
    assert Droit.history.count() == historique  # no empty history entry
    assert Droit.objects.publies().count() == len(list(dossier.glob("*.yaml")))
    local = Droit.objects.get(slug="fsl-94")
    assert local.variante_de.slug == "fsl" and local.territoire == "94"


def test_modification_et_fichier_disparu(db, contenu_test, tmp_path):
    dossier = tmp_path / "droits"
    shutil.copytree(contenu_test / "droits", dossier)
    call_command("charger_droits", "--dossier", str(dossier))
    (dossier / "pass-le-cap.yaml").unlink()
    data = yaml.safe_load((dossier / "css.yaml").read_text())
    data["resume"] = "Un nouveau résumé."
    (dossier / "css.yaml").write_text(schema.dump_yaml(data))
    from droits.chargement import charger

    bilan = charger(dossier)
    assert bilan.modifies == ["css"]
    assert bilan.retires == ["pass-le-cap"]
    assert Droit.objects.get(slug="pass-le-cap").statut == Droit.Statut.BROUILLON
    css = Droit.objects.get(slug="css")
    assert css.resume == "Un nouveau résumé."
    assert css.history.first().history_change_reason == "Chargement des fichiers de contenu"
    # A right that is not published is not searchable any more.
    assert "pass-le-cap" not in [r.slug for r in index.rechercher("pass cap").resultats]


def test_fichier_casse_rien_n_est_ecrit(db, contenu_test, tmp_path):
    dossier = tmp_path / "droits"
    shutil.copytree(contenu_test / "droits", dossier)
    data = yaml.safe_load((dossier / "rsa.yaml").read_text())
    data["resume"] = "x" * 231
    (dossier / "rsa.yaml").write_text(schema.dump_yaml(data))
    with pytest.raises(CommandError) as exc:
        call_command("charger_droits", "--dossier", str(dossier))
    assert "rsa.yaml : champ « resume » : 231 caractères, 200 au plus" in str(exc.value)
    assert Droit.objects.count() == 0


def test_aller_retour_chargement_export(db, contenu_test, tmp_path):
    dossier = contenu_test / "droits"
    call_command("charger_droits", "--dossier", str(dossier))
    sortie = tmp_path / "export"
    call_command("exporter_droits", "--dossier", str(sortie))
    origine = sorted(p.name for p in dossier.glob("*.yaml"))
    assert sorted(p.name for p in sortie.glob("*.yaml")) == origine
    for nom in origine:
        attendu = schema.FicheDroit.model_validate(yaml.safe_load((dossier / nom).read_text()))
        assert yaml.safe_load((sortie / nom).read_text()) == attendu.en_dict(), nom
    # And the export loads back to the same state.
    avant = etat_base()
    call_command("charger_droits", "--dossier", str(sortie))
    assert etat_base() == avant


def test_export_refuse_un_droit_invalide(db, contenu_test, tmp_path):
    call_command("charger_droits", "--dossier", str(contenu_test / "droits"))
    Droit.objects.filter(slug="rsa").update(thematiques=["inconnue"])
    with pytest.raises(CommandError, match="champ « thematiques »"):
        call_command("exporter_droits", "--dossier", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_synonymes_casses(db, contenu_test, tmp_path, settings):
    (tmp_path / "recherche").mkdir()
    (tmp_path / "recherche" / "synonymes.yaml").write_text("- expressions: [loyer]\n")
    settings.CONTENT_DIR = tmp_path
    with pytest.raises(CommandError, match="synonymes.yaml : entrée 1 : champ « equivalents »"):
        call_command("charger_droits", "--dossier", str(contenu_test / "droits"))
    # The search still works (without synonyms) if the file breaks after loading.
    settings.CONTENT_DIR = contenu_test
    call_command("charger_droits", "--dossier", str(contenu_test / "droits"))
    settings.CONTENT_DIR = tmp_path
    assert index.rechercher("complementaire sante").resultats[0].slug == "css"


def test_aller_retour_du_contenu_reel(db, settings, tmp_path):
    from pathlib import Path

    dossier = Path(settings.BASE_DIR) / "content" / "droits"
    call_command("charger_droits", "--dossier", str(dossier))
    call_command("exporter_droits", "--dossier", str(tmp_path))
    for path in sorted(dossier.glob("*.yaml")):
        attendu = schema.FicheDroit.model_validate(yaml.safe_load(path.read_text()))
        assert yaml.safe_load((tmp_path / path.name).read_text()) == attendu.en_dict(), path.name
