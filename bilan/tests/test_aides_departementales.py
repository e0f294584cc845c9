"""Departmental aids: the YAML cases of content/aides/tests/, read like OpenFisca's YAML tests,
and the checks of the aid files themselves."""

from pathlib import Path

import pytest
import yaml

from bilan.moteur import Situation
from bilan.moteur.aides_departementales import (
    DOSSIER,
    ErreurAide,
    catalogue_aides,
    evaluer_aides,
    lire_fichier,
)
from bilan.moteur.resultat import DroitEvalue


def _cas():
    for chemin in sorted((DOSSIER / "tests").glob("*.yaml")):
        with open(chemin, encoding="utf-8") as f:
            for cas in yaml.safe_load(f):
                yield pytest.param(cas, id=f"{chemin.stem}: {cas['name']}")


@pytest.mark.parametrize("cas", list(_cas()))
def test_cas_yaml(cas):
    situation = Situation.model_validate(cas["situation"])
    nationaux = {
        slug: DroitEvalue(
            slug=slug, titre=slug, eligible=montant > 0, montant_mensuel=montant, explication=""
        )
        for slug, montant in (cas.get("prestations") or {}).items()
    }
    obtenus = {d.slug: d.eligible for d in evaluer_aides(situation, nationaux)}
    attendus = cas["output"]
    assert {slug: obtenus.get(slug, False) for slug in attendus} == attendus


def test_chaque_departement_a_ses_aides_sourcees_et_datees():
    aides = catalogue_aides()
    assert {a.departement for a in aides} == {"77", "94", "71"}
    for aide in aides:
        assert aide.sources and all(s["url"].startswith("https://") for s in aide.sources)
        assert aide.verifie_le.year >= 2026
        assert aide.explication


def test_chaque_aide_a_un_cas_de_test():
    testees = set()
    for param in _cas():
        testees.update(k for k, v in param.values[0]["output"].items() if v)
    assert {a.slug for a in catalogue_aides()} <= testees


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


def test_fichier_mal_forme_refuse(tmp_path: Path):
    chemin = tmp_path / "99.yaml"
    chemin.write_text(
        "departement: '99'\naides:\n  - slug: x\n    label: X\n    explication: x\n"
        "    sources: []\n    verifie_le: 2026-01-01\n"
        "    conditions_generales: [{type: couleur_des_yeux}]\n    profils: [{type: tous}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ErreurAide, match="couleur_des_yeux"):
        lire_fichier(chemin)


def test_chaque_aide_a_un_titre_lisible():
    """The screening's summary and the bilan show a title, never a bare slug (faj-71 has no
    knowledge-base page of its own: its label is used)."""
    from bilan.moteur.catalogue import titre

    for aide in catalogue_aides():
        assert titre(aide.slug) != aide.slug, aide.slug
    assert titre("faj-71") == next(a.label for a in catalogue_aides() if a.slug == "faj-71")
