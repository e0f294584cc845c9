"""Rules of content/droits/ (the départements' own aids): the YAML cases of
content/droits/tests/, read like OpenFisca's YAML tests, the rules' format, and the refusal
reasons (only the unmet conditions, in plain French)."""

from pathlib import Path

import pytest
import yaml

from bilan.moteur import Situation
from bilan.moteur.aides_departementales import (
    CONDITIONS,
    PROFILS,
    PROFILS_EN_CLAIR,
    AideDepartementale,
    Contexte,
    catalogue_aides,
    en_clair,
    evaluer_aides,
)
from bilan.moteur.resultat import DroitEvalue
from droits import schema

CAS = schema.DOSSIER / "tests"


def _cas():
    for chemin in sorted(CAS.glob("*.yaml")):
        with open(chemin, encoding="utf-8") as f:
            for cas in yaml.safe_load(f):
                yield pytest.param(cas, id=f"{chemin.stem}: {cas['name']}")


def _nationaux(prestations) -> dict[str, DroitEvalue]:
    return {
        slug: DroitEvalue(
            slug=slug, titre=slug, eligible=montant > 0, montant_mensuel=montant, explication=""
        )
        for slug, montant in (prestations or {}).items()
    }


@pytest.mark.parametrize("cas", list(_cas()))
def test_cas_yaml(cas):
    situation = Situation.model_validate(cas["situation"])
    obtenus = {d.slug: d for d in evaluer_aides(situation, _nationaux(cas.get("prestations")))}
    # `true`/`false`: probable or not; a number: probable, with this monthly amount (to the euro).
    montants = {s: v for s, v in cas["output"].items() if not isinstance(v, bool)}
    attendus = {s: v if isinstance(v, bool) else True for s, v in cas["output"].items()}
    assert {
        slug: obtenus[slug].eligible if slug in obtenus else False for slug in attendus
    } == attendus
    for slug, montant in montants.items():
        assert obtenus[slug].montant_mensuel == pytest.approx(montant, abs=1), slug
    for slug, attendu in attendus.items():
        if slug in obtenus and not attendu:
            # A refusal names what is missing, never a condition the household meets.
            assert "il faudrait " in obtenus[slug].explication, slug


def test_chaque_departement_a_ses_aides_sourcees_et_datees():
    aides = catalogue_aides()
    assert {a.departement for a in aides} >= {"77", "94", "71"}
    for aide in aides:
        assert aide.sources and all(s["url"].startswith("https://") for s in aide.sources)
        assert aide.verifie_le.year >= 2026
        assert aide.explication
        assert aide.page == aide.slug  # the rule and its page are one file


def test_chaque_aide_a_un_cas_de_test():
    testees = set()
    for param in _cas():
        testees.update(k for k, v in param.values[0]["output"].items() if v)
    assert {a.slug for a in catalogue_aides()} <= testees


def test_le_vocabulaire_du_schema_est_celui_du_moteur():
    """The schema validates the names the engine evaluates and explains: no more, no less."""
    assert set(schema.TYPES_CONDITION) == set(CONDITIONS)
    assert set(schema.TYPES_PROFIL) == set(PROFILS) == set(PROFILS_EN_CLAIR)


def test_explication_eligible_cite_ce_qui_reste_a_verifier():
    s = Situation.model_validate(
        {
            "mois": "2026-11",
            "commune": "77288",
            "logement": {"statut": "heberge_gratuit"},
            "personnes": [{"role": "demandeur", "age": 20, "taux_incapacite": 80}],
        }
    )
    pass_le_cap = next(d for d in evaluer_aides(s, {}) if d.slug == "pass-le-cap-77")
    assert pass_le_cap.eligible and pass_le_cap.nature == "departemental"
    assert "aide sociale à l'enfance" in pass_le_cap.explication


def test_refus_ne_cite_que_les_conditions_non_remplies():
    """#16: a couple living in the Saône-et-Loire read « conditions non réunies (habiter le
    département) »: only what it lacks is named, in plain French."""
    couple = Situation.model_validate(
        {
            "mois": "2026-11",
            "commune": "71076",
            "logement": {"statut": "proprietaire"},
            "personnes": [
                {"role": "demandeur", "age": 45, "revenus": {"salaire_net": 2500}},
                {"role": "conjoint", "age": 44, "revenus": {"salaire_net": 2200}},
            ],
        }
    )
    resultats = {d.slug: d for d in evaluer_aides(couple, {})}
    assert set(resultats) >= {"fsl-71", "aides-financieres-71", "faj-71"}
    for d in resultats.values():
        assert not d.eligible
        assert "département" not in d.explication, d.explication
        assert "non réunies" not in d.explication
    fsl = resultats["fsl-71"].explication
    assert "être locataire dans le parc privé" in fsl
    assert "quotient familial inférieur à" in fsl
    # The household's own figure, so that the reason can be understood and checked.
    assert "Votre quotient familial estimé : 2\u202f350 € par mois." in fsl
    faj = resultats["faj-71"].explication
    assert "avoir au plus 25 ans" in faj  # 45 years old: too old
    assert "au moins 18 ans" not in faj  # met: not named


def test_refus_profil_rempli_mais_condition_du_profil_manquante():
    aide = AideDepartementale.depuis_fiche(schema.fiches()["amethyste-94"])
    senior_aise = Situation.model_validate(
        {
            "mois": "2026-11",
            "commune": "94081",
            "logement": {"statut": "proprietaire"},
            "personnes": [{"role": "demandeur", "age": 70, "revenus": {"retraite": 4000}}],
        }
    )
    texte = aide.evaluer(Contexte(senior_aise, {})).explication
    assert "avoir un quotient familial inférieur à 1\u202f200 € par mois" in texte
    assert "60 ans" not in texte  # the profile fits: only its unmet condition is named
    assert "percevoir l'AAH" in texte and "taux d'incapacité d'au moins 80 %" in texte


@pytest.mark.parametrize(
    ("condition", "texte"),
    [
        ({"type": "age", "operator": ">=", "value": 18.0}, "avoir au moins 18 ans"),
        ({"type": "age", "value": 25}, "avoir au plus 25 ans"),
        (
            {"type": "quotient_familial", "ceiling": 1200},
            "avoir un quotient familial inférieur à 1\u202f200 € par mois",
        ),
        (
            {"type": "ressources_mensuelles", "floor": 100.5, "ceiling": 900},
            "avoir des ressources d'au moins 100,50 € et inférieures à 900 € par mois",
        ),
        ({"type": "beneficiaire_rsa", "value": False}, "ne pas percevoir le RSA"),
        (
            {"type": "statut_occupation_logement", "values": ["locataire_hlm", "sans_domicile"]},
            "être locataire d'un logement social ou sans domicile stable",
        ),
        ({"type": "taux_incapacite", "value": 80}, "avoir un taux d'incapacité d'au moins 80 %"),
        ({"type": "nombre_enfants", "value": 3}, "avoir au moins 3 enfant(s) à charge"),
        ({"type": "personne_seule"}, "vivre sans conjoint"),
        ({"type": "departements", "values": ["77", "94"]}, "habiter le 77 ou le 94"),
    ],
)
def test_conditions_en_clair(condition, texte):
    assert en_clair(condition) == texte


def test_regle_mal_formee_refusee(tmp_path: Path):
    fiche = yaml.safe_load((schema.DOSSIER / "faj-77.yaml").read_text(encoding="utf-8"))
    fiche["regle"]["conditions_generales"] = [{"type": "couleur_des_yeux"}]
    (tmp_path / "faj-77.yaml").write_text(schema.dump_yaml(fiche), encoding="utf-8")
    _, erreurs = schema.valider_fichier(tmp_path / "faj-77.yaml")
    assert erreurs and "regle.conditions_generales.0.type" in erreurs[0]
    fiche["regle"]["conditions_generales"] = [{"type": "age", "operator": "≥", "value": 18}]
    (tmp_path / "faj-77.yaml").write_text(schema.dump_yaml(fiche), encoding="utf-8")
    _, erreurs = schema.valider_fichier(tmp_path / "faj-77.yaml")
    assert erreurs and "regle.conditions_generales.0.operator" in erreurs[0]
    fiche["regle"]["conditions_generales"] = [{"type": "age"}]
    (tmp_path / "faj-77.yaml").write_text(schema.dump_yaml(fiche), encoding="utf-8")
    _, erreurs = schema.valider_fichier(tmp_path / "faj-77.yaml")
    assert erreurs and "demande un nombre" in erreurs[0]


def test_chaque_aide_a_un_titre_lisible():
    """The screening's summary and the bilan show the page's title, never a bare slug."""
    from bilan.moteur.catalogue import titre

    for aide in catalogue_aides():
        assert titre(aide.slug) == aide.label == schema.fiches()[aide.slug].titre
