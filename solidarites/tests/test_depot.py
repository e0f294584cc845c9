"""The repository itself: no merge conflict marker left in any tracked text file."""

import subprocess
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
MARQUEURS = ("<<<<<<< ", ">>>>>>> ", "=======\n")


def test_aucun_marqueur_de_conflit():
    fichiers = subprocess.run(
        ["git", "ls-files"], cwd=RACINE, capture_output=True, text=True, check=True
    ).stdout.split()
    fautifs = []
    for nom in fichiers:
        chemin = RACINE / nom
        if (
            chemin.suffix
            not in {
                ".py",
                ".html",
                ".md",
                ".yaml",
                ".yml",
                ".txt",
                ".toml",
                ".css",
                ".js",
                ".json",
                ".cfg",
                ".sh",
            }
            and chemin.name != "Makefile"
        ):
            continue
        if "vendor/" in nom or not chemin.is_file():
            continue
        for numero, ligne in enumerate(
            chemin.read_text(encoding="utf-8", errors="replace").splitlines(True), 1
        ):
            if ligne.startswith(MARQUEURS[:2]) or (
                ligne == MARQUEURS[2] and nom.endswith((".py", ".html"))
            ):
                fautifs.append(f"{nom}:{numero}")
    assert fautifs == [], "Marqueurs de conflit de fusion laissés : " + ", ".join(fautifs)
