"""The spreadsheet-friendly CSV (#16): semicolon, decimal comma, UTF-8 BOM; web default and
`--format-sortie tableur` on the command line."""

import csv

from depistage.tableur import BOM, cellule, convertir_fichier, lignes_tableur


def test_cellules():
    assert cellule("412.5") == "412,5" and cellule("-3.25") == "-3,25"
    assert (
        cellule("412") == "412" and cellule("2A004") == "2A004" and cellule("2026-11") == "2026-11"
    )
    assert cellule("rsa|css") == "rsa|css" and cellule("1.2.3") == "1.2.3"


def test_conversion_virgule_et_point_virgule():
    for source in (
        ["menage,commune,montant\n", "M1,77288,412.50\n", 'M2,71076,"a;b"\n'],
        ["menage;commune;montant\n", "M1;77288;412.50\n", 'M2;71076;"a;b"\n'],
    ):
        texte = "".join(lignes_tableur(source))
        assert texte.startswith(BOM + "menage;commune;montant\r\n")
        assert "M1;77288;412,50\r\n" in texte and 'M2;71076;"a;b"\r\n' in texte
    assert list(lignes_tableur([])) == []


def test_fichier_converti_sur_place(tmp_path):
    chemin = tmp_path / "r.csv"
    chemin.write_text("menage,montant\nM1,10.5\n", encoding="utf-8")
    convertir_fichier(chemin)
    brut = chemin.read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    with open(chemin, encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f, delimiter=";")) == [["menage", "montant"], ["M1", "10,5"]]


def test_commande_format_sortie_tableur(tmp_path):
    from django.core.management import call_command

    from depistage.tests.test_commande import EXEMPLES

    sortie = tmp_path / "r.csv"
    call_command(
        "depistage",
        str(EXEMPLES / "exemple.csv"),
        "--sortie",
        str(sortie),
        "--mois",
        "2026-11",
        "--processus",
        "1",
        "--format-sortie",
        "tableur",
    )
    texte = sortie.read_text(encoding="utf-8")
    assert texte.startswith(BOM) and b"\r\n" in sortie.read_bytes()
    with open(sortie, encoding="utf-8-sig", newline="") as f:
        lignes = list(csv.DictReader(f, delimiter=";"))
    assert lignes and all(
        "." not in v for ligne in lignes for v in ligne.values() if v[:1].isdigit()
    )
