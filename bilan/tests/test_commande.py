"""solidarites bilan situation.json"""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .factories import situation_json


def test_commande_json_et_texte(tmp_path, capsys, tbs):
    chemin = tmp_path / "situation.json"
    chemin.write_text(json.dumps(situation_json()), encoding="utf-8")
    call_command("bilan", str(chemin))
    sortie = json.loads(capsys.readouterr().out)
    assert {d["slug"] for d in sortie["droits"]} >= {"rsa", "aide-logement", "fsl-77"}
    call_command("bilan", str(chemin), "--format", "texte")
    texte = capsys.readouterr().out
    assert "Revenu de solidarité active" in texte and "probablement non demandé" in texte


def test_commande_erreurs_en_francais(tmp_path):
    chemin = tmp_path / "situation.json"
    data = situation_json(commune="00000")
    data["personnes"][0]["age"] = 250
    chemin.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("bilan", str(chemin))
    assert exc.value.returncode == 2
    assert "commune : Code commune inconnu" in str(exc.value)
    assert "personnes.0.age" in str(exc.value)
    (tmp_path / "mauvais.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON valide"):
        call_command("bilan", str(tmp_path / "mauvais.json"))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("bilan", str(tmp_path / "absent.json"))


@pytest.mark.parametrize(
    ("argv", "run_main", "parent"),
    [
        (["manage.py", "runserver", "127.0.0.1:8000"], None, True),
        (["manage.py", "runserver", "127.0.0.1:8000"], "true", False),
        (["manage.py", "runserver", "--noreload"], None, False),
        (["gunicorn", "solidarites.wsgi"], None, False),
    ],
)
def test_prechargement_pas_dans_le_parent_du_rechargement(monkeypatch, argv, run_main, parent):
    """`make run` warms OpenFisca in the process that serves, not in runserver's watcher."""
    from bilan import apps

    monkeypatch.setattr(apps.sys, "argv", argv)
    if run_main is None:
        monkeypatch.delenv("RUN_MAIN", raising=False)
    else:
        monkeypatch.setenv("RUN_MAIN", run_main)
    assert apps._parent_autoreload() is parent
