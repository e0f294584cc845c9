"""The synthetic file of `benchmarks/depistage.py`: every household validates with the screening's
own reader, and the fields added to the bilan are filled somewhere (so the benchmark measures
them). No OpenFisca here: reading and validation only."""

import importlib.util
from pathlib import Path

from depistage.acces_bilan import situation
from depistage.calcul_lot import _Construction
from depistage.lecture import COLONNES_PERSONNE, lire_en_tete, lire_lots

RACINE = Path(__file__).resolve().parents[2]


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "benchmark_depistage", RACINE / "benchmarks" / "depistage.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fichier_synthetique_valide_et_complet(tmp_path):
    bench = _benchmark()
    chemin = tmp_path / "menages.csv"
    lignes = bench.generer(chemin, 1500)
    en_tete = lire_en_tete(chemin)
    assert en_tete.colonnes == bench.colonnes()
    assert set(COLONNES_PERSONNE) <= set(en_tete.colonnes)
    construction = _Construction(en_tete, bench.MOIS)
    situations = [
        situation(construction.construire(rangees)[0])
        for lot in lire_lots(chemin, en_tete, 100)
        for rangees in lot.valeurs(en_tete.delimiteur)
    ]
    assert len(situations) == 1500 and sum(len(s.personnes) for s in situations) == lignes
    personnes = [p for s in situations for p in s.personnes]
    remplis = {
        "naissance": any(p.naissance for p in personnes),
        "etudiant": any(p.activite == "etudiant" for p in personnes),
        "scolarite": any(p.scolarite for p in personnes),
        "gir": any(p.gir for p in personnes),
        "plan_aide_apa": any(p.plan_aide_apa for p in personnes),
        "ass_conditions": any(p.ass_conditions for p in personnes),
        "pch": any(p.activites_difficulte_grave for p in personnes),
        "pension_recue": any(p.revenus.pension_alimentaire_recue for p in personnes),
        "pension_versee": any(p.revenus.pension_alimentaire_versee for p in personnes),
        "autre": any(p.role == "autre" for p in personnes),
        "naissance_attendue": any(s.naissance_attendue for s in situations),
        "jumeaux": any(s.enfants_attendus == 2 for s in situations),
        "adoption": any(p.adoption for p in personnes),
        "conge_parental": any(p.conge_parental for p in personnes),
        "trimestres_prepare": any(p.trimestres_prepare is not None for p in personnes),
        "epargne": any(s.epargne for s in situations),
        "echelon_bourse": any(p.echelon_bourse for p in personnes),
        "boursier": any(p.boursier for p in personnes),
    }
    assert all(remplis.values()), remplis
