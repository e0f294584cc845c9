"""The production profile: `solidarites check --deploy` clean, refusal without a real key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from solidarites import profil

RACINE = Path(__file__).resolve().parents[2]
CLE = "k2V9pQ7xL4mN8rT1wY6zA3bC5dE0fG2hJ4kL6mN8pQ0rS2tU4vW6xY8z"


def _solidarites(tmp_path, *args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SOLIDARITES_")
        and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    base.update({"SOLIDARITES_VAR_DIR": str(tmp_path), **env})
    code = "from solidarites.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=RACINE,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_sans_aucun_avertissement(tmp_path):
    r = _solidarites(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SOLIDARITES_PROFIL="production",
        SOLIDARITES_SECRET_KEY=CLE,
        SOLIDARITES_ALLOWED_HOSTS="solidarites.departement.fr",
        SOLIDARITES_PROXY_HTTPS="1",
    )
    assert r.returncode == 0, r.stderr + r.stdout
    assert "System check identified no issues (0 silenced)." in r.stdout


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"SOLIDARITES_ALLOWED_HOSTS": "x.fr"}, "SOLIDARITES_SECRET_KEY"),
        (
            {
                "SOLIDARITES_ALLOWED_HOSTS": "x.fr",
                "SOLIDARITES_SECRET_KEY": "dev-only-insecure-key-change-me-in-production-0123456789",
            },
            "SOLIDARITES_SECRET_KEY",
        ),
        ({"SOLIDARITES_SECRET_KEY": CLE}, "SOLIDARITES_ALLOWED_HOSTS"),
    ],
)
def test_production_refuse_de_demarrer_sans_configuration(tmp_path, env, variable):
    r = _solidarites(tmp_path, "check", SOLIDARITES_PROFIL="production", **env)
    assert r.returncode != 0
    assert "Configuration de production incomplète" in r.stderr
    assert variable in r.stderr


def test_cle_de_developpement_refusee_hors_debug(tmp_path, monkeypatch):
    monkeypatch.setenv("SOLIDARITES_SECRET_KEY", next(iter(profil.CLES_CONNUES)))
    with pytest.raises(profil.ConfigurationRefusee):
        profil.cle_secrete(tmp_path, debug=False, production=False)


def test_profil_embarque_tire_une_cle_aleatoire_gardee(tmp_path, monkeypatch):
    monkeypatch.delenv("SOLIDARITES_SECRET_KEY", raising=False)
    cle = profil.cle_secrete(tmp_path, debug=False, production=False)
    assert profil.cle_valide(cle)
    assert cle not in profil.CLES_CONNUES
    assert (tmp_path / "cle_secrete").stat().st_mode & 0o077 == 0
    assert profil.cle_secrete(tmp_path, debug=False, production=False) == cle


def test_unites_systemd_et_conteneur_lancent_des_commandes_qui_existent():
    """Each unit of deploiement/ (and the container recipe) runs a `solidarites` command that
    exists, with the installation's environment file: a renamed command breaks this test, not a
    département's night backup."""
    import re

    from django.core.management import get_commands

    commandes = get_commands()
    deploiement = RACINE / "deploiement"
    lancees = {}
    for unite in sorted(deploiement.glob("*.service")):
        texte = unite.read_text()
        assert "EnvironmentFile=/etc/solidarites/solidarites.env" in texte, unite.name
        (ligne,) = re.findall(r"^ExecStart=(.+)$", texte, re.M)
        lancees[unite.name] = ligne.split()[1]
        assert ligne.split()[0] == "/opt/solidarites/.venv/bin/solidarites", unite.name
    lancees["Containerfile"] = re.search(
        r'^CMD \[".venv/bin/solidarites", "(\w+)"',
        (deploiement / "Containerfile").read_text(),
        re.M,
    ).group(1)
    assert lancees == {
        "solidarites-sauvegarde.service": "sauvegarder",
        "solidarites-travailleur.service": "travailleur",
        "solidarites-web@.service": "servir",
        "Containerfile": "servir",
    }
    assert all(c in commandes for c in lancees.values())
    minuterie = (deploiement / "solidarites-sauvegarde.timer").read_text()
    assert "OnCalendar=" in minuterie and "Persistent=true" in minuterie


def test_exploitation_ne_cite_que_des_commandes_et_variables_qui_existent():
    """docs/exploitation.md: every `solidarites <commande>` of its command blocks exists, and
    every SOLIDARITES_… variable it names is read by the code (a renamed command or variable
    makes the operators' guide stale: this test fails first)."""
    import re

    from django.core.management import get_commands

    doc = (RACINE / "docs" / "exploitation.md").read_text()
    blocs = "\n".join(re.findall(r"```sh\n(.*?)```", doc, re.S))
    citees = set(re.findall(r"(?:^|&&|;)\s*sol ([a-z_]+)", blocs, re.M))  # sol(): the guide's
    citees |= set(re.findall(r"(?:\.venv/bin/|`)solidarites ([a-z_]+)", doc))
    assert {"migrate", "sauvegarder", "restaurer", "charger_contenus", "servir"} <= citees
    assert sorted(citees - set(get_commands())) == []

    code = "\n".join(
        p.read_text()
        for p in RACINE.glob("*/**/*.py")
        if ".venv" not in p.parts and "tests" not in p.parts
    )
    lues = set(re.findall(r"SOLIDARITES_[A-Z_]+", code))
    # Names made by an f-string (f"SOLIDARITES_PROCONNECT_{nom}" with nom in "TOKEN_ENDPOINT"…).
    for prefixe in re.findall(r'f"(SOLIDARITES_[A-Z_]+)\{', code):
        lues |= {prefixe + suffixe for suffixe in re.findall(r'"([A-Z_]+)"', code)}
    # Families written with a shared prefix in the guide (`SOLIDARITES_HSTS_SECONDES`, `_PRELOAD`).
    nommees = {v.rstrip("_") for v in re.findall(r"SOLIDARITES_[A-Z_]+", doc)}
    manquantes = {
        v for v in nommees if v not in lues and not any(x.startswith(v + "_") for x in lues)
    }
    assert sorted(manquantes) == []
