"""The département's rules (plain Python): suggestion explained, who may be référent, delays."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from rsa import perms, regles

DOSSIER = Path(__file__).resolve().parents[2] / "content" / "rsa" / "regles"


@pytest.fixture(scope="module")
def r77():
    return regles.regles_departement(DOSSIER, "77")


def reponses(**kw):
    base = {
        "situation_emploi": "recherche_active",
        "mobilite": "vehicule",
        "garde_enfants": "sans_objet",
        "sante": "bonne",
        "logement": "stable",
    }
    return base | kw


@pytest.mark.parametrize("departement", ["77", "94", "71", "13"])
def test_fichiers_valides(departement):
    r = regles.regles_departement(DOSSIER, departement)
    assert set(r.referents) == set(regles.ORIENTATIONS)
    assert r.delai_orientation_jours == 30


def test_suggestion_professionnelle_sans_frein(r77):
    s = regles.suggerer_orientation(r77, reponses())
    assert s.orientation == "professionnelle"
    assert s.explication.startswith("Suggéré : professionnelle (france travail), parce que")
    assert "aucun frein relevé" in s.explication


def test_suggestion_sociale_explique_les_freins(r77):
    s = regles.suggerer_orientation(
        r77, reponses(logement="sans", sante="limitante", mobilite="aucune")
    )
    assert s.orientation == "sociale"
    assert "Suggéré : sociale, parce que au moins trois freins" in s.explication
    assert "logement (sans logement" in s.explication
    assert "santé (difficulté de santé qui limite" in s.explication
    assert set(s.freins) == {"logement", "sante", "mobilite"}


def test_suggestion_logement_et_sante(r77):
    s = regles.suggerer_orientation(r77, reponses(logement="precaire", sante="limitante"))
    assert (s.orientation, s.regle) == ("sociale", "Logement ou santé d'abord")


def test_suggestion_un_frein_socio_professionnelle(r77):
    s = regles.suggerer_orientation(r77, reponses(garde_enfants="a_trouver"))
    assert s.orientation == "socio_professionnelle"


def test_suggestion_par_defaut(r77):
    s = regles.suggerer_orientation(r77, reponses(situation_emploi="eloigne"))
    assert (s.orientation, s.regle) == ("socio_professionnelle", "Par défaut")


def test_referent(r77):
    assert regles.peut_etre_referent(r77, "sociale", "mds", "travailleur_social")[0]
    ok, raison = regles.peut_etre_referent(r77, "sociale", "france-travail", "conseiller_emploi")
    assert not ok and "type : association, ccas, eds, mds" in raison
    ok, raison = regles.peut_etre_referent(r77, "sociale", "mds", "accueil")
    assert not ok and "rôles" in raison
    assert regles.peut_etre_referent(r77, "professionnelle", "france-travail", "conseiller_emploi")[
        0
    ]


def test_regles_invalides_nomment_le_chemin():
    with pytest.raises(regles.RegleInvalide, match=r"77.yaml:freins.0.champ"):
        regles.lire_regles({"freins": [{"champ": "astrologie"}]}, "77", "77.yaml")
    donnees = yaml.safe_load((DOSSIER / "77.yaml").read_text(encoding="utf-8"))
    donnees["suggestions"] = [s for s in donnees["suggestions"] if not s.get("par_defaut")]
    with pytest.raises(regles.RegleInvalide, match="par_defaut"):
        regles.lire_regles(donnees, "77", "77.yaml")
    donnees = yaml.safe_load((DOSSIER / "77.yaml").read_text(encoding="utf-8"))
    donnees["suggestions"][0]["si"]["situation_emploi"] = ["rentier"]
    with pytest.raises(regles.RegleInvalide, match="rentier"):
        regles.lire_regles(donnees, "77", "77.yaml")


def test_mois_et_centiles():
    assert regles.lire_mois("2026-10") == date(2026, 10, 1)
    assert regles.lire_mois("10/2026") == date(2026, 10, 1)
    with pytest.raises(ValueError, match="AAAA-MM"):
        regles.lire_mois("octobre")
    assert regles.ajouter_mois(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert regles.ajouter_mois(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert regles.fin_mois(date(2024, 2, 10)) == date(2024, 2, 29)
    assert regles.centile([], 50) is None
    assert regles.centile([10, 20, 30, 40], 50) == 25
    assert regles.centile(list(range(1, 101)), 90) == pytest.approx(90.1)
    assert regles.part(49, 50) == 98.0 and regles.part(1, 0) is None


def test_contrat_a_jour_et_attente():
    j = date(2026, 11, 28)
    assert regles.contrat_a_jour(date(2026, 6, 1), date(2027, 6, 1), date(2026, 12, 1), j)
    assert not regles.contrat_a_jour(None, date(2027, 6, 1), None, j)
    assert not regles.contrat_a_jour(date(2026, 6, 1), date(2026, 11, 1), None, j)
    assert not regles.contrat_a_jour(date(2026, 6, 1), date(2027, 6, 1), date(2026, 11, 1), j)
    assert regles.en_attente_depuis(date(2026, 10, 1), None, j, 30) == 58
    assert regles.en_attente_depuis(date(2026, 11, 10), None, j, 30) is None
    assert regles.en_attente_depuis(date(2026, 1, 1), date(2026, 1, 5), j, 30) is None


class A:
    def __init__(self, role, structure_id=1, utilisateur_id=10, departement="77"):
        self.role, self.structure_id = role, structure_id
        self.utilisateur_id, self.departement = utilisateur_id, departement
        self.type_structure = "mds"


def test_perms():
    b = perms.BeneficiaireVue(
        "77", structure_referente_id=1, referent_id=10, conseillers_ids=frozenset({30})
    )
    autre = perms.BeneficiaireVue("94", None, None)
    insertion = A("insertion", structure_id=5, utilisateur_id=50)
    assert perms.peut_voir(insertion, b) and not perms.peut_voir(insertion, autre)
    assert perms.peut_orienter(insertion, b) and not perms.peut_orienter(insertion, autre)
    assert perms.peut_importer(insertion) and not perms.peut_importer(A("travailleur_social"))
    ts = A("travailleur_social", structure_id=1, utilisateur_id=11)
    assert (
        perms.peut_voir(ts, b) and perms.peut_suivre(ts, b) and perms.peut_designer_referent(ts, b)
    )
    assert not perms.peut_orienter(ts, b)
    autre_mds = A("travailleur_social", structure_id=2, utilisateur_id=12)
    assert not perms.peut_voir(autre_mds, b) and not perms.peut_suivre(autre_mds, b)
    conseiller = A("conseiller_emploi", structure_id=9, utilisateur_id=30)
    assert perms.peut_voir(conseiller, b) and not perms.peut_suivre(conseiller, b)
    assert not perms.peut_voir_diagnostic(conseiller, b)
    assert not perms.peut_voir(A("conseiller_emploi", structure_id=9, utilisateur_id=31), b)
    encadrant = A("encadrant")
    assert not perms.peut_voir(encadrant, b) and perms.peut_voir_tableau(encadrant)
    assert not perms.peut_voir_noms_tableau(encadrant) and perms.peut_voir_noms_tableau(insertion)
    assert perms.tableau_de_sa_structure_seule(encadrant)
    assert not perms.tableau_de_sa_structure_seule(insertion)
    assert not perms.tableau_de_sa_structure_seule(A("pilotage", structure_id=5))
    anonyme = A(None, structure_id=None, utilisateur_id=None, departement=None)
    assert not perms.peut_acceder(anonyme) and perms.portee(anonyme) == perms.Portee()
