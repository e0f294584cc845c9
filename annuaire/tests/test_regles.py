"""Plain-Python rules: freshness score, typologies, thematiques, zones."""

from datetime import date

from annuaire import fraicheur
from annuaire import thematiques as th
from annuaire.typologies import typologies_pour_codes
from annuaire.zones import codes_zone

AUJOURD_HUI = date(2026, 11, 23)


def test_score_date_comme_data_inclusion():
    assert fraicheur.score_date(date(2026, 6, 1), AUJOURD_HUI) == 1.0
    assert fraicheur.score_date(date(2024, 11, 1), AUJOURD_HUI) == 0.0
    milieu = fraicheur.score_date(date(2025, 11, 23), AUJOURD_HUI)
    assert 0.3 < milieu < 0.7


def test_score_fiche_complete_et_incomplete():
    complete = fraicheur.Fiche(
        date_maj=AUJOURD_HUI,
        adresse="1 rue",
        telephone="01",
        courriel="a@b.fr",
        horaires_valides=True,
        nb_services=2,
        services_mobilisation_definie=2,
    )
    assert fraicheur.score(complete, AUJOURD_HUI).valeur == 1.0
    vide = fraicheur.Fiche(date_maj=date(2023, 1, 1), a_verifier=True)
    s = fraicheur.score(vide, AUJOURD_HUI)
    assert s.valeur == 0.0 and s.pourcentage == 0
    assert "Ajouter un téléphone." in s.a_corriger
    assert any("source officielle" in c for c in s.a_corriger)


def test_typologies_des_codes_d_un_droit():
    assert typologies_pour_codes(["caf", "mds", "eds", "ccas"]) == {
        "caf",
        "mds",
        "eds",
        "ccas",
        "mairie",
    }
    assert typologies_pour_codes(["departement"]) == {"mds", "eds", "departement"}
    assert typologies_pour_codes(["inconnu"]) == set()


def test_thematiques_et_categories():
    assert th.est_connue("famille") and th.est_connue("sante--sante-mentale")
    assert not th.est_connue("famille--inexistant")
    assert th.correspond("famille", ["famille--soutien-aidants"])
    assert not th.correspond("famille", ["sante--sante-mentale"])
    assert th.correspond("sante--sante-mentale", ["sante--sante-mentale"])
    assert th.libelle("sante--sante-mentale") != "sante--sante-mentale"


def test_codes_zone():
    assert codes_zone([], [], False, "77288") == {"77288"}
    assert codes_zone([], [], True, "77288") == set()
    assert codes_zone(["77"], [["99100"], ["247700057"]], False, "77288") == {
        "77",
        "france",
        "247700057",
    }
