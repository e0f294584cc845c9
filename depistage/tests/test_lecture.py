"""Reading screening files: formats, header errors, grouping, chunking (no engine, fast)."""

from pathlib import Path

import pytest

from depistage.lecture import (
    MENAGES,
    PERSONNES,
    ErreurFichier,
    colonnes_ignorees,
    compter_lignes,
    lire_en_tete,
    lire_lots,
)
from depistage.tests.factories import EN_TETE_PERSONNES, ecrire_csv, menages_varies, personne

EXEMPLES = Path(__file__).resolve().parents[2] / "content" / "depistage"


def test_detecte_les_deux_formats_des_exemples():
    assert lire_en_tete(EXEMPLES / "exemple.csv").format == PERSONNES
    assert lire_en_tete(EXEMPLES / "exemple-menages.csv").format == MENAGES


def test_delimiteur_virgule_et_bom(tmp_path):
    p = tmp_path / "v.csv"
    p.write_bytes(
        "\ufeffMenage,Commune,Logement statut,role,age\nA,77288,locataire_hlm,demandeur,40\n".encode()
    )
    en_tete = lire_en_tete(p)
    assert en_tete.delimiteur == ","
    assert en_tete.colonnes == ("menage", "commune", "logement_statut", "role", "age")


def test_colonnes_obligatoires_absentes(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("menage;role;age\nA;demandeur;30\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="commune, logement_statut"):
        lire_en_tete(p)


def test_format_non_reconnu_et_fichier_vide(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("nom;prenom\nA;B\n", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="Format du fichier non reconnu"):
        lire_en_tete(p)
    p.write_text("", encoding="utf-8")
    with pytest.raises(ErreurFichier, match="vide"):
        lire_en_tete(p)


def test_colonnes_inconnues_signalees(tmp_path):
    p = ecrire_csv(
        tmp_path / "x.csv",
        [],
        colonnes=("menage", "commune", "logement_statut", "role", "age", "nom"),
    )
    assert colonnes_ignorees(lire_en_tete(p)) == ["nom"]


def test_lots_deterministes_et_complets(tmp_path):
    p = ecrire_csv(tmp_path / "m.csv", menages_varies(23))
    en_tete = lire_en_tete(p)
    lots = list(lire_lots(p, en_tete, 5))
    assert [len(lot.menages) for lot in lots] == [5, 5, 5, 5, 3]
    assert [lot.numero for lot in lots] == [0, 1, 2, 3, 4]
    assert sum(lot.nb_lignes for lot in lots) == compter_lignes(p)
    again = [[m.ident for m in lot.menages] for lot in lire_lots(p, en_tete, 5)]
    assert again == [[m.ident for m in lot.menages] for lot in lots]
    # Line numbers are those of the file (header = line 1).
    assert lots[0].menages[0].lignes[0][0] == 2


def test_lot_envoye_a_un_worker_puis_relu_a_l_identique(tmp_path):
    """A chunk crosses to a worker pickled (plain lists) and its rows' texts are parsed again
    there: the same values as parsing the file, including a quoted value with a line break."""
    import csv
    import pickle

    p = ecrire_csv(tmp_path / "m.csv", menages_varies(12))
    lignes = p.read_text(encoding="utf-8").splitlines(keepends=True)
    colonnes = lignes[0].rstrip("\n").split(";")
    i = colonnes.index("droits_percus")
    valeurs = lignes[1].rstrip("\n").split(";")
    valeurs[i] = '"rsa\naide-logement"'  # one record on two physical lines
    lignes[1] = ";".join(valeurs) + "\n"
    p.write_text("".join(lignes), encoding="utf-8")
    with p.open(encoding="utf-8", newline="") as f:
        attendu = list(csv.reader(f, delimiter=";"))[1:]
    lus = []
    for lot in lire_lots(p, lire_en_tete(p), 5):
        copie = pickle.loads(pickle.dumps(lot))
        assert copie == lot
        for rangs in copie.valeurs(";"):
            lus.extend(v for _, v in rangs)
    assert lus == attendu
    assert attendu[0][i] == "rsa\naide-logement"


def test_lignes_mal_formees_et_menages_non_consecutifs(tmp_path):
    p = tmp_path / "m.csv"
    ecrire_csv(
        p,
        [
            personne("A", "demandeur", 30, commune="77288", logement_statut="locataire_hlm"),
            personne("B", "demandeur", 40, commune="77288", logement_statut="locataire_hlm"),
            personne("A", "enfant", 3),
            personne("", "demandeur", 40, commune="77288", logement_statut="locataire_hlm"),
        ],
    )
    with open(p, "a", encoding="utf-8") as f:
        f.write("C;77288;trop;peu\n\n")
    en_tete = lire_en_tete(p)
    (lot,) = list(lire_lots(p, en_tete, 10))
    assert [m.ident for m in lot.menages] == ["A", "B"]
    raisons = {ligne: raison for ligne, _, raison in lot.rejets}
    assert "doivent se suivre" in raisons[4]
    assert raisons[5] == "menage : Ce champ est obligatoire."
    assert f"4 colonnes alors que l'en-tête en a {len(EN_TETE_PERSONNES)}" in raisons[6]
    assert lot.nb_lignes == 5  # the blank line is not counted


def test_format_menages_identifiant_en_double(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text(
        "menage;commune;logement_statut;demandeur_age\nA;77288;locataire_hlm;30\nA;77288;locataire_hlm;31\n",
        encoding="utf-8",
    )
    (lot,) = list(lire_lots(p, lire_en_tete(p), 10))
    assert len(lot.menages) == 1
    assert "en double" in lot.rejets[0][2]


@pytest.mark.parametrize("delimiteur", [",", ";", "\t", "|"])
def test_en_csv_ecrit_comme_le_module_csv(delimiteur):
    """The output writer quotes exactly as csv.writer (QUOTE_MINIMAL) and reads back the same;
    one deliberate difference: a carriage return alone is quoted too (csv.writer leaves it bare
    when the line terminator is "\\n", and its own reader then cuts the row there)."""
    import csv
    import io
    import random

    from depistage.calcul_lot import en_csv

    rng = random.Random(3)
    alphabet = ["a", "é", "€", " ", ",", ";", "\t", "|", '"', "'", "\n", "\r\n", "0", ""]
    lignes = [[""], ["", ""], ['"'], ["a\r\nb", "c"]]
    for _ in range(2000):
        lignes.append(
            ["".join(rng.choices(alphabet, k=rng.randint(0, 6))) for _ in range(rng.randint(1, 8))]
        )
    attendu = io.StringIO()
    csv.writer(attendu, delimiter=delimiteur, lineterminator="\n").writerows(lignes)
    assert en_csv(lignes, delimiteur) == attendu.getvalue().encode("utf-8")
    lignes.append(["a\rb", "\r"])
    ecrit = en_csv(lignes, delimiteur).decode()
    assert ecrit.endswith(f'"a\rb"{delimiteur}"\r"\n')
    relu = list(csv.reader(io.StringIO(ecrit, newline=""), delimiter=delimiteur))
    assert relu == lignes
