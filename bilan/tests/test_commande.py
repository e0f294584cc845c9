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


def test_commande_nouveaux_droits(tmp_path, capsys, tbs):
    """The command line answers the new rights too (the two households of #17's done-when)."""
    import yaml

    from .conftest import MENAGES

    situations = []
    for nom in ("meaux-adulte-handicap-80-domicile", "melun-couple-retraites-gir4"):
        with open(MENAGES / f"{nom}.yaml", encoding="utf-8") as f:
            situations.append(yaml.safe_load(f)["situation"])
    chemin = tmp_path / "menages.json"
    chemin.write_text(json.dumps(situations), encoding="utf-8")
    call_command("bilan", str(chemin))
    sortie = json.loads(capsys.readouterr().out)
    eligibles = [{d["slug"] for d in r["droits"] if d["eligible"]} for r in sortie]
    assert {"aah", "pch", "cmi", "rqth"} <= eligibles[0]
    assert {"aspa", "css", "cheque-energie", "apa"} <= eligibles[1]
    call_command("bilan", str(chemin), "--format", "texte")
    texte = capsys.readouterr().out
    assert "novembre 2026" in texte and "Prestation de compensation du handicap" in texte
