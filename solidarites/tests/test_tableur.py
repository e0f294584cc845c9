"""CSV formula injection (issue 18): neutralised in every export."""

import io
import subprocess
from pathlib import Path

from solidarites.tableur import ecrivain_csv, neutraliser

RACINE = Path(__file__).resolve().parents[2]


def test_formules_neutralisees_nombres_gardes():
    assert neutraliser('=HYPERLINK("http://x", "Cliquez")') == '\'=HYPERLINK("http://x", "Cliquez")'
    assert neutraliser("+33 6 12") == "'+33 6 12"
    assert neutraliser("@SUM(A1)") == "'@SUM(A1)"
    assert neutraliser("\t=1") == "'\t=1"
    assert neutraliser("-12,50") == "-12,50"
    assert neutraliser("-3.5e2") == "-3.5e2"
    assert neutraliser("Dupont") == "Dupont"
    assert neutraliser(12) == 12


def test_ecrivain_csv():
    f = io.StringIO()
    ecrivain_csv(f, delimiter=";").writerow(["=1+1", "texte", -4])
    assert f.getvalue() == "'=1+1;texte;-4\r\n"


def test_chaque_export_passe_par_l_ecrivain_neutralisant():
    sortie = subprocess.run(
        ["git", "grep", "-n", "csv.writer(", "--", "*.py"],
        cwd=RACINE,
        capture_output=True,
        text=True,
    ).stdout
    fautifs = [
        ligne
        for ligne in sortie.splitlines()
        if not ligne.startswith(
            ("solidarites/tableur.py", "benchmarks/", "scripts/", "depistage/calcul_lot.py")
        )
        and "/tests/" not in ligne.split(":")[0]
    ]
    assert not fautifs, "csv.writer sans neutralisation des formules : " + "\n".join(fautifs)
