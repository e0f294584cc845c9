"""docs/securite.md names, for each threat, the test that proves the platform's answer: every
file and test it names exists (a renamed or removed test made the review silently stale)."""

from __future__ import annotations

import re
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"`(\w[\w/.-]*\.py|\w[\w/-]*/)?(?:::([\w*]+))?`")


def _preuves() -> list[tuple[str, str]]:
    """(threat, proof cell) of each row of the table."""
    lignes = []
    for ligne in (RACINE / "docs" / "securite.md").read_text(encoding="utf-8").splitlines():
        if not ligne.startswith("| ") or ligne.startswith(("| Menace", "| ---")):
            continue
        cellules = [c.strip() for c in ligne.strip().strip("|").split("|")]
        lignes.append((cellules[0], cellules[-1]))
    return lignes


def test_chaque_menace_nomme_des_tests_qui_existent():
    lignes = _preuves()
    assert len(lignes) >= 25
    fautes, tests_nommes = [], 0
    for menace, preuve in lignes:
        fichier = None  # `::test` names a test of the file named before it in the cell
        references = [m for m in REFERENCE.finditer(preuve) if m.group(1) or m.group(2)]
        if not references:
            fautes.append(f"{menace} : aucune preuve nommée")
        for m in references:
            chemin, test = m.group(1), m.group(2)
            if chemin:
                fichier = RACINE / chemin
                if not fichier.exists():
                    fautes.append(f"{menace} : {chemin} n'existe pas")
                    continue
            if test:
                if fichier is None or not fichier.is_file():
                    fautes.append(f"{menace} : ::{test} sans fichier avant lui")
                    continue
                motif = re.compile(r"^def " + test.replace("*", r"\w*") + r"\(", re.M)
                if not motif.search(fichier.read_text(encoding="utf-8")):
                    fautes.append(f"{menace} : {fichier.relative_to(RACINE)}::{test} introuvable")
                tests_nommes += 1
    assert fautes == [] and tests_nommes >= 30
